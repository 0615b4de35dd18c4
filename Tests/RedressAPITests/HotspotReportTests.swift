import Foundation
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct HotspotReportTests {
    /// One group of complaints: how many fall in each 7-day window, the last window first.
    struct Group {
        let category: String?
        let subject: String?
        let perWindow: [Int]
    }

    static let groups = [
        // One a window for four windows, then six: a spike.
        Group(category: "delivery", subject: nil, perWindow: [6, 1, 1, 1, 1]),
        // Too few to matter, however sudden.
        Group(category: "billing", subject: nil, perWindow: [4, 0, 0, 0, 0]),
        // Many, but no more than usual.
        Group(category: "product_quality", subject: nil, perWindow: [6, 6, 6, 6, 6]),
        // Out of nowhere: a baseline of 0, so no ratio.
        Group(category: "safety", subject: nil, perWindow: [5, 0, 0, 0, 0]),
        // A batch problem with one product, across no category.
        Group(category: nil, subject: "TV-9", perWindow: [5, 2, 0, 0, 0]),
    ]

    @Test func aCategoryOrSubjectIsHotWhenItsLastWindowIsFarAboveItsOwnBaseline() throws {
        let service = try TestService()
        let now = service.clock.now
        var serial = 0
        for group in Self.groups {
            for (window, count) in group.perWindow.enumerated() {
                for index in 0..<count {
                    serial += 1
                    // Spread inside the window, clear of its edges.
                    let hoursAgo = Double(window * 7 * 24) + 12 + Double(index) * 20
                    var complaint = SeededComplaint(
                        category: group.category, phone: "1360000\(1000 + serial)",
                        subjectRef: group.subject ?? "ONE-OFF-\(serial)",
                        receivedAt: now.adding(hours: -hoursAgo))
                    try service.register(&complaint)
                }
            }
        }

        var expected: [(dimension: String, key: String, count: Int, baseline: Double, ratio: Double?)] = []
        for group in Self.groups {
            let count = group.perWindow[0]
            let earlier = group.perWindow.dropFirst().reduce(0, +)
            let baseline = Double(earlier) / 4
            guard count >= 5, Double(count) >= 3 * baseline else { continue }
            let entry = (
                dimension: group.category == nil ? "subject" : "category", key: group.category ?? group.subject!,
                count: count, baseline: baseline, ratio: earlier == 0 ? nil : rounded(Double(count) / baseline, 2)
            )
            expected.append(entry)
        }
        expected.sort { ($1.count, $0.dimension, $0.key) < ($0.count, $1.dimension, $1.key) }
        #expect(expected.map(\.key) == ["delivery", "safety", "TV-9"])

        let report = try service.report("/v1/stats/hotspots?window_days=7")
        #expect(report["window_days"]?.int == 7)
        #expect(report["as_of"]?.string == now.rfc3339)
        let hotspots = report["hotspots"]?.array ?? []
        #expect(hotspots.count == expected.count)
        for (hotspot, expected) in zip(hotspots, expected) {
            #expect(hotspot["dimension"]?.string == expected.dimension)
            #expect(hotspot["key"]?.string == expected.key)
            #expect(hotspot["count"]?.int == Int64(expected.count))
            #expect(hotspot["baseline"]?.number == expected.baseline)
            if let ratio = expected.ratio {
                #expect(hotspot["ratio"]?.number == ratio)
            } else {
                #expect(hotspot["ratio"] == .null)
            }
            #expect(hotspot["window_start"]?.string == now.adding(hours: -7 * 24).rfc3339)
            #expect(hotspot["window_end"]?.string == now.rfc3339)
        }
    }

    @Test func theSameCountIsHotOnlyAgainstAQuietBaseline() throws {
        let service = try TestService()
        let now = service.clock.now
        for index in 0..<6 {
            var complaint = SeededComplaint(
                category: "delivery", phone: "1350000000\(index)", subjectRef: "D-\(index)",
                receivedAt: now.adding(hours: -Double(12 + index * 20)))
            try service.register(&complaint)
        }
        #expect(try service.report("/v1/stats/hotspots")["hotspots"]?.array?.count == 1)
        for index in 0..<10 {
            var complaint = SeededComplaint(
                category: "delivery", phone: "1350000001\(index)", subjectRef: "E-\(index)",
                receivedAt: now.adding(hours: -Double(8 * 24 + index * 20)))
            try service.register(&complaint)
        }
        #expect(try service.report("/v1/stats/hotspots?window_days=7")["hotspots"]?.array?.count == 0)
        #expect(try service.report("/v1/stats/hotspots?window_days=30")["hotspots"]?[0]?["count"]?.int == 16)
    }

    @Test(arguments: ["window_days=0", "window_days=91", "window_days=week", "window=7"])
    func aWindowOutside1To90DaysIs400(query: String) throws {
        let service = try TestService()
        #expect(try service.request("GET", "/v1/stats/hotspots?\(query)", key: service.adminKey).status == 400)
    }
}
