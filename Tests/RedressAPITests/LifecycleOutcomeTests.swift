import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct LifecycleOutcomeTests {
    @Test func aRejectedComplaintIsAnsweredAndClosedAndASupervisorCanReopenIt() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let supervisor = try service.key(.supervisor)
        let id = try service.register()
        service.clock.advance(hours: 3)
        let noNote = try service.act("assess", on: id, key: agent, json: #"{"valid":false}"#)
        #expect(noNote.status == 422)
        #expect(try noNote.json()["errors"]?[0]?["field"]?.string == "note")

        let note = "This machine is outside our warranty; the maker's service line can help."
        let rejected = try service.act("assess", on: id, key: agent, json: #"{"valid":false,"note":"\#(note)"}"#)
        #expect(rejected.status == 200)
        let body = try rejected.json()
        #expect(body["status"]?.string == "rejected")
        #expect(body["validity_note"]?.string == note)
        #expect(body["first_responded_at"]?.string == service.clock.now.rfc3339)
        #expect(body["closed_at"]?.string == service.clock.now.rfc3339)
        #expect(body["allowed_actions"]?.strings == [])
        #expect(
            try service.request("GET", "/v1/complaints/\(id)", key: supervisor).json()["allowed_actions"]?.strings == [
                "reopen"
            ])

        let reopened = try service.act(
            "reopen", on: id, key: supervisor, json: #"{"reason":"The warranty was extended."}"#)
        #expect(reopened.status == 200)
        let again = try reopened.json()
        #expect(again["status"]?.string == "received")
        #expect(again["validity_note"] == .null)
        #expect(again["closed_at"] == .null)
        // A reopened rejection counts as a reopening, and its resolution clock starts again.
        #expect(again["reopen_count"]?.int == 1)
        #expect(again["reopened_at"]?.string == service.clock.now.rfc3339)
        #expect(again["resolution_due_at"]?.string == service.clock.now.adding(hours: 168).rfc3339)
        #expect(again["first_responded_at"]?.string == service.clock.now.rfc3339)
        #expect(
            again["allowed_actions"]?.strings == [
                "assess", "contact", "await-customer", "withdraw", "escalate", "merge",
            ])
        let events = try service.timeline(id)
        #expect(
            events.compactMap { $0["type"]?.string } == [
                "complaint.created", "complaint.assessed", "complaint.reopened",
            ])
        #expect(events[1]["data"]?["note"]?.string == note)
        #expect(events[1]["data"]?["first_response"]?.bool == true)
    }

    @Test func aWithdrawnComplaintEndsAndTakesNoMoreActions() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(Array(toInvestigating.prefix(2)), on: id)
        let withdrawn = try service.act(
            "withdraw", on: id, key: service.adminKey, json: #"{"reason":"The customer fixed it."}"#)
        #expect(withdrawn.status == 200)
        let body = try withdrawn.json()
        #expect(body["status"]?.string == "withdrawn")
        #expect(body["closed_at"]?.string == service.clock.now.rfc3339)
        #expect(body["allowed_actions"]?.strings == [])
        let after = try service.act("escalate", on: id, key: service.adminKey, json: #"{"reason":"Too late."}"#)
        #expect(after.status == 409)
        #expect(try after.json()["allowed_actions"]?.strings == [])
        #expect(try service.timeline(id).last?["data"]?["reason"]?.string == "The customer fixed it.")
    }

    @Test func escalatingRaisesThePriorityAndRecomputesTheDueDatesWithoutChangingTheStatus() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take([toInvestigating[0]], on: id)
        service.clock.advance(hours: 5)
        let escalated = try service.act(
            "escalate", on: id, key: service.adminKey, json: #"{"reason":"Posted on Weibo."}"#)
        #expect(escalated.status == 200)
        let body = try escalated.json()
        #expect(body["status"]?.string == "accepted")
        #expect(body["priority"]?.string == "high")
        #expect(body["escalated"]?.bool == true)
        #expect(body["version"]?.int == 3)
        #expect(body["first_response_due_at"]?.string == "2026-11-22T13:40:17Z")
        #expect(body["resolution_due_at"]?.string == "2026-11-25T05:40:17Z")
        let again = try service.act(
            "escalate", on: id, key: service.adminKey, json: #"{"reason":"A journalist called."}"#
        ).json()
        #expect(again["priority"]?.string == "critical")
        #expect(again["first_response_due_at"]?.string == "2026-11-22T07:40:17Z")
        let event = try #require(service.timeline(id).last)
        #expect(event["type"]?.string == "complaint.escalated")
        #expect(event["from_status"]?.string == "accepted")
        #expect(event["to_status"]?.string == "accepted")
        #expect(event["data"]?["previous_priority"]?.string == "high")
    }

    @Test(
        arguments: [
            (#""compensation""#, 50000, "approved"), (#""compensation""#, 50001, "proposed"),
            (#""apology""#, nil, "approved"), (#""refund_full""#, 100, "proposed"),
            (#""repair","refund_partial""#, 0, "approved"),
        ] as [(String, Int?, String)])
    func aProposalWithinTheThresholdIsApprovedAtOnceAndOtherwiseWaitsForASupervisor(
        remedies: String, amount: Int?, status: String
    ) throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let id = try service.register()
        try service.take(toInvestigating, on: id)
        let response = try service.act("propose", on: id, key: agent, json: proposalJSON(remedies, amount: amount))
        #expect(response.status == 200)
        let body = try response.json()
        #expect(body["status"]?.string == status)
        #expect(body["proposal"]?["approved_by"]?.string == (status == "approved" ? "auto" : nil))
        #expect(body["proposal"]?["currency"]?.string == (amount == nil ? nil : "CNY"))
        guard status == "proposed" else { return }
        let denied = try service.act("approve", on: id, key: agent)
        #expect(denied.status == 403)
        let supervisor = try service.key(.supervisor, name: "主管")
        let approved = try service.act("approve", on: id, key: supervisor)
        #expect(approved.status == 200)
        #expect(try approved.json()["proposal"]?["approved_by"]?.string == "主管")
        #expect(try approved.json()["proposal"]?["approved_at"]?.string == service.clock.now.rfc3339)
    }
}
