import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// Reopening restarts what it should (issue 19, point 5): a complaint reopened by a supervisor,
/// by an unsatisfied follow-up or by the customer's own feedback gets a new resolution due date
/// from its policy, counted from the reopening in the policy's calendar, with its paused time
/// starting again; its earlier satisfaction stays in the history only; a reopened rejection counts.
/// The test clock starts on Sunday 2026-11-22 at 05:40:17 UTC (13:40 in Shanghai).
@Suite struct ReopeningTests {
    /// Resolution within 5 working days in the calendar of `TimeLimitPolicyTests` (Mon–Fri
    /// 09:00–18:00 in Shanghai, Monday 23 November a holiday, Saturday 28 November worked).
    static let policies = """
        {"policies":[{"name":"standard","calendar":"cn-workdays",\
        "targets":{"resolution":{"unit":"working_days","amount":5}}}]}
        """
    /// Received on Sunday 22 November: Tuesday to Friday and the working Saturday, at its close.
    static let firstDue = "2026-11-28T10:00:00Z"
    /// Reopened on Monday 30 November at 13:40 in Shanghai: 1 to 7 December, less the weekend.
    static let reopenedDue = "2026-12-07T10:00:00Z"
    static let eightDays = 8.0 * 24

    /// The steps from received to resolved, with a pause of three hours waiting on the customer.
    private func resolve(_ id: Int64, in service: TestService) throws {
        try service.take(toInvestigating + [contactStep], on: id)
        try service.take(
            [("await-customer", #"{"question":"Which model is it?","channel":"phone"}"#)], on: id)
        service.clock.advance(hours: 3)
        try service.take(
            [
                ("customer-replied", #"{"summary":"WM-200.","channel":"phone"}"#),
                ("propose", proposalJSON(#""apology""#)),
                ("resolve", #"{"note":"We apologised.","notified_via":"phone"}"#),
            ], on: id)
    }

    @Test func aSupervisorsReopeningRedatesTheResolutionFromThePolicyAndForgetsThePause() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let supervisor = try service.key(.supervisor)
        let id = try service.register()
        #expect(try service.complaint(id)["resolution_due_at"]?.string == Self.firstDue)
        // Handled on Tuesday from 10:00 in Shanghai, so that the pause takes working time.
        service.clock.advance(seconds: Instant(rfc3339: "2026-11-24T02:00:00Z")!.seconds - service.clock.now.seconds)
        try resolve(id, in: service)
        let resolved = try service.complaint(id)
        #expect(resolved["sla"]?["clocks"]?["resolution"]?["paused_for"]?.int ?? 0 > 0)
        try service.take([("follow-up", #"{"method":"phone","satisfied":true,"score":5}"#)], on: id)
        #expect(try service.complaint(id)["satisfaction"]?["score"]?.int == 5)

        // Monday 30 November, 13:40 in Shanghai.
        service.clock.advance(seconds: Instant(rfc3339: "2026-11-30T05:40:17Z")!.seconds - service.clock.now.seconds)
        let reopened = try service.act(
            "reopen", on: id, key: supervisor, json: #"{"reason":"The leak came back."}"#)
        #expect(reopened.status == 200, "\(reopened.text)")
        let body = try reopened.json()
        #expect(body["status"]?.string == "investigating")
        #expect(body["reopen_count"]?.int == 1)
        #expect(body["reopened_at"]?.string == service.clock.now.rfc3339)
        #expect(body["resolution_due_at"]?.string == Self.reopenedDue)
        let clock = try #require(body["sla"]?["clocks"]?["resolution"])
        #expect(clock["due_at"]?.string == Self.reopenedDue)
        #expect(clock["policy"]?.string == "standard")
        #expect(clock["calendar"]?.string == "cn-workdays")
        #expect(clock["paused_for"]?.int == 0)
        #expect(body["follow_up_due_at"] == .null)
        #expect(body["sla"]?["clocks"]?["follow_up"] == .null)
        // Counted from the reopening, the resolution is not late (the first contact, on the
        // Tuesday, was).
        #expect(body["sla"]?["breached"]?.strings == ["first_response"])
        // The earlier satisfaction is history: in the timeline, no longer on the complaint.
        #expect(body["satisfaction"] == .null)
        let timeline = try service.timeline(id)
        let followedUp = try #require(timeline.first { $0["type"]?.string == "complaint.followed_up" })
        #expect(followedUp["data"]?["score"]?.int == 5)
        let event = try #require(timeline.last)
        #expect(event["type"]?.string == "complaint.reopened")
        #expect(event["data"]?["resolution_due_at"]?.string == Self.reopenedDue)

        // The next resolution sets the follow-up from the policies again, counted from it.
        service.clock.advance(hours: 2)
        try service.take(
            [
                ("propose", proposalJSON(#""repair""#)),
                ("resolve", #"{"note":"Repaired.","notified_via":"phone"}"#),
            ], on: id)
        let again = try service.complaint(id)
        #expect(again["follow_up_due_at"]?.string == service.clock.now.adding(hours: 24).rfc3339)
        #expect(again["sla"]?["clocks"]?["follow_up"]?["policy"]?.string == "default-normal")
        #expect(again["satisfaction"] == .null)
        try service.take([("follow-up", #"{"method":"phone","satisfied":true,"score":4}"#)], on: id)
        #expect(try service.complaint(id)["satisfaction"]?["score"]?.int == 4)
    }

    @Test func anUnsatisfiedFollowUpAndTheCustomersOwnFeedbackRedateTheSameWay() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let byAgent = try service.register()
        let tracked = try service.registerTracked(json: complaintJSON(subjectRef: "WM-300"))
        try resolve(byAgent, in: service)
        try resolve(tracked.id, in: service)

        service.clock.advance(hours: Self.eightDays - 3)
        try service.take([("follow-up", #"{"method":"phone","satisfied":false,"score":2}"#)], on: byAgent)
        let feedback = try service.giveFeedback(tracked, json: #"{"satisfied":false,"score":1}"#)
        #expect(feedback.status == 200, "\(feedback.text)")
        for id in [byAgent, tracked.id] {
            let complaint = try service.complaint(id)
            #expect(complaint["status"]?.string == "investigating")
            #expect(complaint["reopen_count"]?.int == 1)
            #expect(complaint["resolution_due_at"]?.string == Self.reopenedDue, "\(id)")
            #expect(complaint["sla"]?["clocks"]?["resolution"]?["paused_for"]?.int == 0)
            #expect(complaint["satisfaction"] == .null)
        }
        // The customer's own view shows the new date they are promised.
        let view = try feedback.json()
        #expect(view["resolution_due_at"]?.string == Self.reopenedDue)
        #expect(view["promise"]?["due_date"]?.string == "2026-12-07")
        #expect(view["promise"]?["limit"]?.string == "within 5 working days")
        #expect(view["promise"]?["paused_for"]?.int == 0)
    }

    @Test func aReopenedRejectionCountsInTheReopenCountAndTheReopenRate() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let supervisor = try service.key(.supervisor)
        let from = service.clock.now.rfc3339
        let rejected = try service.register()
        let other = try service.register(json: complaintJSON(subjectRef: "WM-300"))
        try service.take([("assess", #"{"valid":false,"note":"Not our product."}"#)], on: rejected)
        try service.take([("assess", #"{"valid":false,"note":"Not our product."}"#)], on: other)
        let summary = { try service.report("/v1/stats/summary?from=\(from)") }
        #expect(try summary()["reopen_rate"]?.number == 0)

        service.clock.advance(hours: Self.eightDays)
        let reopened = try service.act("reopen", on: rejected, key: supervisor, json: #"{"reason":"Receipt found."}"#)
        #expect(reopened.status == 200)
        let body = try reopened.json()
        #expect(body["status"]?.string == "received")
        #expect(body["reopen_count"]?.int == 1)
        #expect(body["resolution_due_at"]?.string == Self.reopenedDue)
        #expect(try summary()["reopen_rate"]?.number == 0.5)
    }

    @Test func onlyASupervisorReopensAndOnlyAnEndedComplaint() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let agent = try service.key(.agent)
        let id = try service.register()
        try service.take([("assess", #"{"valid":false,"note":"Not our product."}"#)], on: id)
        let before = try service.complaint(id)
        #expect(try service.act("reopen", on: id, key: agent, json: #"{"reason":"Again."}"#).status == 403)
        #expect(try service.complaint(id) == before)
        let open = try service.register(json: complaintJSON(subjectRef: "WM-300"))
        let refused = try service.act("reopen", on: open, key: service.adminKey, json: #"{"reason":"Again."}"#)
        #expect(refused.status == 409)
        #expect(try refused.json()["allowed_actions"]?.strings?.contains("reopen") == false)
    }
}
