import Foundation
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct TrendReportTests {
    /// Complaints on both sides of day, week (Monday) and month boundaries, with days between them
    /// that have none; the service's clock reads 2026-11-22T05:40:17Z, a Sunday.
    static let complaints: [SeededComplaint] = [
        SeededComplaint(
            channel: "phone", category: "delivery", phone: "13700000001", subjectRef: "A-1",
            receivedAt: Instant(rfc3339: "2026-10-30T10:00:00Z")!),
        SeededComplaint(
            channel: "email", category: "product_quality", priority: "high", phone: "13700000002", subjectRef: "A-2",
            receivedAt: Instant(rfc3339: "2026-11-02T00:00:00Z")!),
        SeededComplaint(
            channel: "phone", category: "product_quality", phone: "13700000003", subjectRef: "A-3",
            receivedAt: Instant(rfc3339: "2026-11-08T23:59:59Z")!),
        SeededComplaint(
            channel: "web", priority: "critical", phone: "13700000004", subjectRef: "A-4",
            receivedAt: Instant(rfc3339: "2026-11-09T00:00:00Z")!),
        SeededComplaint(
            channel: "phone", category: "delivery", phone: "13700000005", subjectRef: "A-5",
            receivedAt: Instant(rfc3339: "2026-11-20T12:00:00Z")!),
        SeededComplaint(
            channel: "phone", category: "delivery", phone: "13700000006", subjectRef: "A-6",
            receivedAt: Instant(rfc3339: "2026-11-20T13:00:00Z")!),
    ]

    @Test(arguments: ["day", "week", "month"])
    func aTrendCountsEveryGroupInEveryBucketOfThePeriodEmptyOnesIncluded(interval: String) throws {
        let service = try TestService()
        var complaints = Self.complaints
        for index in complaints.indices { try service.register(&complaints[index]) }
        try service.assign(&complaints[4], to: "logistics")
        let from = Instant(rfc3339: "2026-10-29T00:00:00Z")!
        let to = service.clock.now

        let groupings: [(String, (SeededComplaint) -> String)] = [
            ("category", { $0.category ?? "uncategorized" }), ("channel", \.channel), ("priority", \.priority),
            ("department", { $0.department ?? "unassigned" }),
        ]
        for (grouping, key) in groupings {
            let trend = try service.report(
                "/v1/stats/trends?interval=\(interval)&group_by=\(grouping)&from=\(from.rfc3339)&to=\(to.rfc3339)")
            #expect(trend["interval"]?.string == interval)
            #expect(trend["group_by"]?.string == grouping)
            #expect(trend["from"]?.string == from.rfc3339)
            #expect(trend["to"]?.string == to.rfc3339)
            var expected: [(start: String, counts: [String: Int64])] = []
            var start = Self.bucketStart(of: from, interval)
            while start <= to {
                let end = Self.bucketStart(after: start, interval)
                let inside = complaints.filter { $0.receivedAt >= start && $0.receivedAt < end }
                expected.append((start.rfc3339, Dictionary(inside.map { (key($0), Int64(1)) }, uniquingKeysWith: +)))
                start = end
            }
            let buckets = trend["buckets"]?.array ?? []
            #expect(buckets.map { $0["start"]?.string } == expected.map(\.start), "\(grouping)")
            #expect(buckets.map { $0["counts"]?.counts } == expected.map(\.counts), "\(grouping)")
        }
    }

    @Test func theDayTrendHasEmptyDaysAndWeeksStartOnMonday() throws {
        let service = try TestService()
        var complaints = Self.complaints
        for index in complaints.indices { try service.register(&complaints[index]) }
        let days = try service.report("/v1/stats/trends?interval=day&from=2026-11-19T08:00:00Z&to=2026-11-21T08:00:00Z")
        #expect(
            days["buckets"]?.array?.map { $0["start"]?.string } == [
                "2026-11-19T00:00:00Z", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z",
            ])
        #expect(days["buckets"]?.array?.map { $0["counts"]?.counts } == [[:], ["delivery": 2], [:]])
        let weeks = try service.report(
            "/v1/stats/trends?interval=week&group_by=priority&from=2026-11-08T00:00:00Z&to=2026-11-09T00:00:00Z")
        #expect(
            weeks["buckets"]?.array?.map { $0["start"]?.string } == ["2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z"])
        #expect(weeks["buckets"]?.array?.map { $0["counts"]?.counts } == [["normal": 1], ["critical": 1]])
    }

    @Test func bucketsAreTheServicesOwnDaysAndMonths() throws {
        let service = try TestService(timeZone: "Asia/Shanghai")
        // 2026-11-20T16:00Z is midnight starting 21 November in Shanghai; a minute before is still the 20th.
        var late = SeededComplaint(
            channel: "phone", phone: "13700000001", subjectRef: "S-1",
            receivedAt: Instant(rfc3339: "2026-11-20T15:59:00Z")!)
        var early = SeededComplaint(
            channel: "web", phone: "13700000002", subjectRef: "S-2",
            receivedAt: Instant(rfc3339: "2026-11-20T16:00:00Z")!)
        try service.register(&late)
        try service.register(&early)
        let days = try service.report(
            "/v1/stats/trends?interval=day&group_by=channel&from=2026-11-20T00:00:00Z&to=2026-11-21T12:00:00Z")
        #expect(
            days["buckets"]?.array?.map { $0["start"]?.string } == ["2026-11-19T16:00:00Z", "2026-11-20T16:00:00Z"])
        #expect(days["buckets"]?.array?.map { $0["counts"]?.counts } == [["phone": 1], ["web": 1]])
        let months = try service.report(
            "/v1/stats/trends?interval=month&from=2026-10-31T16:00:00Z&to=2026-11-22T00:00:00Z")
        #expect(months["buckets"]?.array?.map { $0["start"]?.string } == ["2026-10-31T16:00:00Z"])
    }

    @Test func aDayInNewYorkIsTwentyThreeHoursWhenTheClocksGoForwardAndCountedWhole() throws {
        let service = try TestService(timeZone: "America/New_York")
        // 8 March 2026: clocks go forward at 02:00 EST (07:00Z); the day runs 05:00Z to 04:00Z.
        var before = SeededComplaint(
            channel: "phone", phone: "13700000001", subjectRef: "N-1",
            receivedAt: Instant(rfc3339: "2026-03-08T06:30:00Z")!)
        var after = SeededComplaint(
            channel: "phone", phone: "13700000002", subjectRef: "N-2",
            receivedAt: Instant(rfc3339: "2026-03-09T03:30:00Z")!)
        try service.register(&before)
        try service.register(&after)
        let days = try service.report(
            "/v1/stats/trends?interval=day&group_by=channel&from=2026-03-08T05:00:00Z&to=2026-03-09T05:00:00Z")
        #expect(
            days["buckets"]?.array?.map { $0["start"]?.string } == ["2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"])
        #expect(days["buckets"]?.array?.map { $0["counts"]?.counts } == [["phone": 2], [:]])
    }

    @Test func theDefaultsAreDailyByCategoryOverTheLast30Days() throws {
        let service = try TestService()
        let trend = try service.report("/v1/stats/trends")
        #expect(trend["interval"]?.string == "day")
        #expect(trend["group_by"]?.string == "category")
        #expect(trend["buckets"]?.array?.count == 31)
        #expect(trend["buckets"]?[30]?["start"]?.string == "2026-11-22T00:00:00Z")
    }

    @Test func tooManyBucketsIs400AndALongerIntervalAnswers() throws {
        let service = try TestService()
        let period = "from=2020-01-01T00:00:00Z&to=2026-11-22T00:00:00Z"
        let daily = try service.request("GET", "/v1/stats/trends?interval=day&\(period)", key: service.adminKey)
        #expect(daily.status == 400)
        #expect(try daily.json()["detail"]?.string?.contains("1000") == true)
        #expect(try service.report("/v1/stats/trends?interval=month&\(period)")["buckets"]?.array?.count == 83)
    }

    @Test(arguments: ["interval=hour", "group_by=status", "interval=day,week", "group_by=", "limit=10"])
    func anUnknownIntervalOrGroupingIs400(query: String) throws {
        let service = try TestService()
        #expect(try service.request("GET", "/v1/stats/trends?\(query)", key: service.adminKey).status == 400)
    }

    // The test's own calendar: UTC midnight, Monday, the first of the month.
    private static func bucketStart(of instant: Instant, _ interval: String) -> Instant {
        let date = CivilDate(instant: instant, offset: 0)
        let days = date.daysSinceEpoch
        switch interval {
        case "day": return Instant(seconds: Int64(days) * 86_400)
        // 1970-01-01 was a Thursday, three days after a Monday.
        case "week": return Instant(seconds: Int64(days - (days + 3) % 7) * 86_400)
        default:
            return Instant(
                seconds: Int64(CivilDate(year: date.year, month: date.month, day: 1).daysSinceEpoch) * 86_400)
        }
    }

    private static func bucketStart(after start: Instant, _ interval: String) -> Instant {
        switch interval {
        case "day": return start.adding(seconds: 86_400)
        case "week": return start.adding(seconds: 7 * 86_400)
        default: return bucketStart(of: start.adding(seconds: 32 * 86_400), interval)
        }
    }
}
