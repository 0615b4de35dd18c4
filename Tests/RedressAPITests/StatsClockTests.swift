import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// The reports per clock (issue 19, point 8): the on-time rate of each clock, the mean time in
/// each status, read from the status changes in the period's events, and the time paused.
@Suite struct StatsClockTests {
    /// The investigation report within 48 hours, for every complaint; the rest from the defaults.
    static let policies = """
        {"policies":[{"name":"report","targets":{"investigation_report":{"unit":"calendar_hours","amount":48}}}]}
        """

    @Test func eachClocksOnTimeRateTheTimeInEachStatusAndTheTimePaused() throws {
        let service = try TestService()
        try #require(
            try service.request("PUT", "/v1/sla-policies", key: service.adminKey, json: Self.policies).status == 200)
        let start = service.clock.now
        // A goes the whole way in nine hours, three of them waiting on the customer; B is never
        // contacted; C is rejected after an hour.
        let a = try service.register()
        let b = try service.register(json: complaintJSON(subjectRef: "WM-2"))
        let c = try service.register(json: complaintJSON(subjectRef: "WM-3"))
        service.clock.advance(hours: 1)
        try service.take(Array(toInvestigating.prefix(2)) + [contactStep], on: a)
        try service.take([("assess", #"{"valid":false,"note":"Not our product."}"#)], on: c)
        service.clock.advance(hours: 2)
        try service.take([("investigate", #"{"report":"The seal is worn."}"#)], on: a)
        service.clock.advance(hours: 1)
        try service.take([("await-customer", #"{"question":"Which model?","channel":"phone"}"#)], on: a)
        service.clock.advance(hours: 3)
        try service.take([("customer-replied", #"{"summary":"WM-200.","channel":"phone"}"#)], on: a)
        service.clock.advance(hours: 1)
        try service.take(
            [
                ("propose", proposalJSON(#""apology""#)),
                ("resolve", #"{"note":"We apologised.","notified_via":"phone"}"#),
            ], on: a)
        service.clock.advance(hours: 1)
        try service.take([("follow-up", #"{"method":"phone","satisfied":true,"score":5}"#)], on: a)
        // 30 hours after receipt: B's first contact (24 hours) is missed; nothing else is decided for it.
        service.clock.advance(hours: 21)
        _ = b

        let summary = try service.report("/v1/stats/summary?from=\(start.rfc3339)")
        #expect(
            summary["on_time_rate"]
                == .object([
                    ("first_contact", .double(0.6667)), ("investigation_report", .int(1)), ("resolution", .int(1)),
                    ("follow_up", .int(1)),
                ]))
        // received: A 1 h, B 30 h (still there), C 1 h; A spent 0 in accepted, 2 h assigned, 1 + 1 h
        // investigating, 3 h waiting, no time proposed or approved, 1 h resolved; ended statuses
        // are not counted.
        #expect(
            summary["status_hours_mean"]
                == .object([
                    ("accepted", .int(0)), ("approved", .int(0)), ("assigned", .int(2)),
                    ("awaiting_customer", .int(3)), ("investigating", .int(2)), ("proposed", .int(0)),
                    ("received", .double(10.67)), ("resolved", .int(1)),
                ]))
        #expect(
            summary["paused"] == .object([("complaints", .int(1)), ("hours_total", .int(3)), ("hours_mean", .int(3))]))

        let people = try service.report("/v1/stats/people?from=\(start.rfc3339)")
        let li = try #require(people["data"]?.array?.first { $0["person"]?.string == "张伟" })
        #expect(
            li["on_time_rate"]
                == .object([
                    ("first_response", .int(1)), ("first_contact", .int(1)), ("investigation_report", .int(1)),
                    ("resolution", .int(1)), ("follow_up", .int(1)),
                ]))
        let unassigned = try #require(people["data"]?.array?.first { $0["person"]?.string == "unassigned" })
        #expect(unassigned["on_time_rate"]?["first_contact"] == .double(0.5))
        #expect(unassigned["on_time_rate"]?["investigation_report"] == .null)
    }

    @Test func theTimeInEachStatusCountsOnlyThePeriodsComplaints() throws {
        let service = try TestService()
        _ = try service.register()
        service.clock.advance(hours: 5)
        let later = service.clock.now
        let id = try service.register(json: complaintJSON(subjectRef: "WM-2"))
        service.clock.advance(hours: 2)
        try service.take([toInvestigating[0]], on: id)
        let summary = try service.report("/v1/stats/summary?from=\(later.rfc3339)")
        #expect(summary["status_hours_mean"] == .object([("accepted", .int(0)), ("received", .int(2))]))
    }
}
