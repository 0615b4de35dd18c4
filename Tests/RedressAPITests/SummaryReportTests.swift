import Foundation
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct SummaryReportTests {
    @Test func theSummaryGivesTheFiguresOfWhatHappenedToThePeriodsComplaints() throws {
        let service = try TestService()
        let start = service.clock.now
        func hoursAgo(_ hours: Double) -> Instant { start.adding(hours: -hours) }
        var complaints = [
            SeededComplaint(
                channel: "phone", category: "product_quality", phone: "13800000001", subjectRef: "WM-1",
                receivedAt: hoursAgo(6)),
            SeededComplaint(
                channel: "email", category: "delivery", priority: "high", phone: "13800000002", subjectRef: "WM-2",
                receivedAt: hoursAgo(5)),
            SeededComplaint(
                channel: "web", category: "billing", priority: "critical", phone: "13800000003", subjectRef: "WM-3",
                receivedAt: hoursAgo(4)),
            SeededComplaint(channel: "phone", phone: "13800000004", subjectRef: "WM-4", receivedAt: hoursAgo(3)),
            SeededComplaint(
                channel: "app", category: "product_quality", phone: "13800000005", subjectRef: "WM-5",
                receivedAt: hoursAgo(2)),
            // The same caller about the same product as the first: a repeat.
            SeededComplaint(
                channel: "phone", category: "product_quality", phone: "13800000001", subjectRef: "WM-1",
                receivedAt: hoursAgo(1), isRepeat: true),
        ]
        // Before the period: counted nowhere.
        var earlier = SeededComplaint(
            channel: "letter", category: "safety", phone: "13800000009", subjectRef: "WM-9",
            receivedAt: hoursAgo(20 * 24))
        try service.register(&earlier)
        for index in complaints.indices { try service.register(&complaints[index]) }

        let steps: [(hours: Double, act: (inout [SeededComplaint]) throws -> Void)] = [
            (1, { try service.assign(&$0[1], to: "logistics") }),
            (1, { try service.assign(&$0[0], to: "quality") }),
            (1, { try service.assign(&$0[2], to: "billing") }),
            (1, { try service.reject(&$0[4]) }),
            (1, { try service.assign(&$0[5], to: "quality") }),
            (1, { try service.resolve(&$0[0]) }),
            (1, { try service.followUp(&$0[0], satisfied: true, score: 5) }),
            (1, { try service.resolve(&$0[1]) }),
            (1, { try service.followUp(&$0[1], satisfied: false, score: 2) }),
            (1, { try service.resolve(&$0[5]) }),
            (20, { try service.resolve(&$0[2]) }),
        ]
        for step in steps {
            service.clock.advance(hours: step.hours)
            try step.act(&complaints)
        }
        let now = service.clock.now

        let from = hoursAgo(10 * 24)
        let summary = try service.report("/v1/stats/summary?from=\(from.rfc3339)&to=\(now.rfc3339)")
        #expect(summary["from"]?.string == from.rfc3339)
        #expect(summary["to"]?.string == now.rfc3339)
        #expect(summary["total"]?.int == Int64(complaints.count))
        func counts(_ key: (SeededComplaint) -> String) -> [String: Int64] {
            Dictionary(complaints.map { (key($0), Int64(1)) }, uniquingKeysWith: +)
        }
        #expect(summary["by_status"]?.counts == counts(\.status))
        #expect(summary["by_category"]?.counts == counts { $0.category ?? "uncategorized" })
        #expect(summary["by_channel"]?.counts == counts(\.channel))
        #expect(summary["by_priority"]?.counts == counts(\.priority))
        #expect(summary["by_department"]?.counts == counts { $0.department ?? "unassigned" })

        func hours(_ end: KeyPath<SeededComplaint, Instant?>) -> [Double] {
            complaints.compactMap { complaint in
                complaint[keyPath: end].map { Double($0.seconds - complaint.receivedAt.seconds) / 3600 }
            }
        }
        let firstResponse = hours(\.firstRespondedAt)
        let resolution = hours(\.resolvedAt)
        #expect(summary["first_response_hours"]?["median"]?.number == rounded(median(firstResponse), 2))
        #expect(summary["first_response_hours"]?["mean"]?.number == rounded(mean(firstResponse), 2))
        #expect(summary["resolution_hours"]?["median"]?.number == rounded(median(resolution), 2))
        #expect(summary["resolution_hours"]?["mean"]?.number == rounded(mean(resolution), 2))
        #expect(median(firstResponse) != mean(firstResponse), "the data set tells the median from the mean")

        // The resolution's limit is decided once met (a rejection meets it) or missed.
        let decidedResolutions = complaints.filter { complaint in
            complaint.resolvedAt != nil || complaint.status == "rejected"
                || now > complaint.receivedAt.adding(hours: complaint.limits.resolution)
        }
        let onTime = decidedResolutions.filter { complaint in
            guard let met = complaint.resolvedAt ?? (complaint.status == "rejected" ? complaint.closedAt : nil) else {
                return false
            }
            return met <= complaint.receivedAt.adding(hours: complaint.limits.resolution)
        }
        let handled = complaints.filter(\.wasResolved)
        let decided = complaints.filter { $0.wasResolved || $0.status == "rejected" }
        let scores = complaints.compactMap(\.score).map(Double.init)
        #expect(
            summary["on_time_rate"]?["resolution"]?.number
                == rounded(share(onTime.count, of: decidedResolutions.count), 4))
        #expect(onTime.count < decidedResolutions.count, "one complaint was resolved late")
        // No policy sets the investigation report's clock here.
        #expect(summary["on_time_rate"]?["investigation_report"] == .null)
        #expect(summary["overdue"]?.int == Int64(complaints.filter { $0.isOverdue(now: now) }.count))
        #expect(
            summary["follow_up_rate"]?.number
                == rounded(share(handled.filter { $0.score != nil }.count, of: handled.count), 4))
        #expect(summary["satisfaction_mean"]?.number == rounded(mean(scores), 2))
        #expect(
            summary["reopen_rate"]?.number == rounded(share(decided.filter(\.reopened).count, of: decided.count), 4))
        #expect(
            summary["repeat_rate"]?.number
                == rounded(share(complaints.filter(\.isRepeat).count, of: complaints.count), 4))
    }

    @Test func theOverdueCountIsTheListsOverdueSelection() throws {
        let service = try TestService()
        let start = service.clock.now
        for (index, hours) in [30.0, 26, 2].enumerated() {
            var complaint = SeededComplaint(
                phone: "1390000000\(index)", subjectRef: "S-\(index)", receivedAt: start.adding(hours: -hours))
            try service.register(&complaint)
        }
        let period = "from=\(start.adding(hours: -48).rfc3339)&to=\(start.rfc3339)"
        let listed = try service.request(
            "GET", "/v1/complaints?overdue=true&received_from=\(start.adding(hours: -48).rfc3339)",
            key: service.adminKey
        ).json()["data"]?.array
        #expect(listed?.count == 2)
        #expect(try service.report("/v1/stats/summary?\(period)")["overdue"]?.int == 2)
    }

    @Test func anEmptyPeriodHasZeroCountsAndNullFigures() throws {
        let service = try TestService()
        let summary = try service.report("/v1/stats/summary")
        #expect(summary["total"]?.int == 0)
        #expect(summary["by_status"]?.counts == [:])
        #expect(summary["to"]?.string == service.clock.now.rfc3339)
        #expect(summary["from"]?.string == service.clock.now.adding(hours: -30 * 24).rfc3339)
        for field in ["follow_up_rate", "satisfaction_mean", "reopen_rate", "repeat_rate"] {
            #expect(summary[field] == .null, "\(field)")
        }
        #expect(
            summary["on_time_rate"]
                == .object(SLAClock.allCases.map { ($0.rawValue, JSONValue.null) }))
        #expect(summary["status_hours_mean"] == .object([]))
        #expect(
            summary["paused"]
                == .object([("complaints", .int(0)), ("hours_total", .int(0)), ("hours_mean", .null)]))
        #expect(summary["first_response_hours"]?["median"] == .null)
        #expect(summary["resolution_hours"]?["mean"] == .null)
        #expect(summary["overdue"]?.int == 0)
    }

    @Test(arguments: [
        "from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z", "from=yesterday", "to=2026-11-22", "period=week",
        "from=2026-11-01T00:00:00Z&from=2026-11-02T00:00:00Z",
    ])
    func aBadPeriodIs400(query: String) throws {
        let service = try TestService()
        let response = try service.request("GET", "/v1/stats/summary?\(query)", key: service.adminKey)
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test(arguments: ["/v1/stats/summary", "/v1/stats/trends", "/v1/stats/hotspots"])
    func reportsAreForSupervisorsAndUp(path: String) throws {
        let service = try TestService()
        #expect(try service.request("GET", path).status == 401)
        for role in [Role.intake, .agent] {
            #expect(try service.request("GET", path, key: service.key(role)).status == 403, "\(role)")
        }
        #expect(try service.request("GET", path, key: service.key(.supervisor)).status == 200)
    }
}
