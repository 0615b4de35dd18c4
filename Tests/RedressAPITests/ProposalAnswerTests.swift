import JSON
import Testing
import TestClient
@testable import RedressAPI

/// The customer is asked about the remedy before it is carried out: the approved proposal is in
/// their view, they accept it or decline it with a reason on their own page (or tell an agent,
/// who records it), and a decline sends the complaint back to investigation.
@Suite struct ProposalAnswerTests {
    /// A complaint with an approved proposal of a partial refund.
    static func approved() throws -> (TestService, TrackedComplaint) {
        let service = try TestService()
        let complaint = try service.registerTracked()
        try service.take(
            toInvestigating + [("propose", proposalJSON(#""refund_partial","apology""#, amount: 30000))],
            on: complaint.id)
        return (service, complaint)
    }

    private func answer(
        _ service: TestService, _ complaint: TrackedComplaint, _ json: String,
        code: String? = nil
    ) throws -> TestClient.Response {
        try service.request(
            "POST", "/v1/track/\(complaint.number)/proposal-answer", json: json,
            headers: [("X-Tracking-Code", code ?? complaint.code)])
    }

    @Test func theCustomerSeesTheApprovedProposalAndAcceptsIt() throws {
        let (service, complaint) = try Self.approved()
        let view = try service.track(complaint.number, code: complaint.code).json()
        #expect(
            view["proposal"]
                == JSONValue.object([
                    ("remedies", .array([.string("refund_partial"), .string("apology")])),
                    ("amount_minor", .int(30000)),
                    ("currency", .string("CNY")), ("description", .string("A new seal, fitted at home.")),
                    ("answer", .null),
                ]))
        service.clock.advance(hours: 1)
        let accepted = try answer(service, complaint, #"{"accepted":true,"comment":"谢谢，可以接受。"}"#)
        #expect(accepted.status == 200, "\(accepted.text)")
        let answered = try accepted.json()
        #expect(answered["status"]?.string == "approved")
        #expect(answered["proposal"]?["answer"]?["accepted"]?.bool == true)
        // Staff see what the customer said, and how, in the complaint and its history.
        let stored = try service.complaint(complaint.id)
        #expect(
            stored["proposal"]?["answer"]
                == JSONValue.object([
                    ("accepted", .bool(true)), ("comment", .string("谢谢，可以接受。")), ("via", .string("tracking")),
                    ("at", .string(service.clock.now.rfc3339)),
                ]))
        let event = try #require(service.timeline(complaint.id).last)
        #expect(event["type"]?.string == "complaint.proposal_answered")
        #expect(event["actor"]?.string == "complainant")
        #expect(
            try service.act(
                "resolve", on: complaint.id, key: service.adminKey,
                json: #"{"note":"Refunded","notified_via":"phone"}"#
            ).status == 200)
    }

    @Test func aDeclineWithItsReasonSendsTheComplaintBackToInvestigation() throws {
        let (service, complaint) = try Self.approved()
        let bare = try answer(service, complaint, #"{"accepted":false}"#)
        #expect(bare.status == 422)
        #expect(try bare.json()["errors"]?[0]?["field"]?.string == "comment")
        #expect(try service.complaint(complaint.id)["status"]?.string == "approved")

        let declined = try answer(
            service, complaint, #"{"accepted":false,"comment":"Half is not enough for a ruined floor."}"#)
        #expect(declined.status == 200)
        #expect(try declined.json()["status"]?.string == "investigating")
        #expect(try declined.json()["proposal"] == .null)
        let stored = try service.complaint(complaint.id)
        #expect(stored["proposal"]?["answer"]?["comment"]?.string == "Half is not enough for a ruined floor.")
        // A new proposal replaces the declined one, waiting for a new answer.
        #expect(
            try service.act(
                "propose", on: complaint.id, key: service.adminKey,
                json: proposalJSON(#""refund_full""#, amount: 60000)
            ).status == 200)
        #expect(try service.complaint(complaint.id)["proposal"]?["answer"] == .null)
    }

    @Test func anAgentRecordsAnAnswerHeardByPhone() throws {
        let (service, complaint) = try Self.approved()
        let agent = try service.key(.agent)
        let noChannel = try service.act("answer-proposal", on: complaint.id, key: agent, json: #"{"accepted":true}"#)
        #expect(noChannel.status == 422)
        #expect(try noChannel.json()["errors"]?[0]?["field"]?.string == "via")
        let recorded = try service.act(
            "answer-proposal", on: complaint.id, key: agent, json: #"{"accepted":true,"via":"phone"}"#)
        #expect(recorded.status == 200)
        #expect(try recorded.json()["proposal"]?["answer"]?["via"]?.string == "phone")
        let intake = try service.act(
            "answer-proposal", on: complaint.id, key: try service.key(.intake),
            json: #"{"accepted":true,"via":"phone"}"#)
        #expect(intake.status == 403 || intake.status == 404)
    }

    @Test func onlyAnApprovedProposalCanBeAnsweredAndOnlyWithTheRightCode() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        let early = try answer(service, complaint, #"{"accepted":true}"#)
        #expect(early.status == 409)
        #expect(try early.json()["type"]?.string == "/problems/proposal-not-open")
        #expect(try service.track(complaint.number, code: complaint.code).json()["proposal"] == .null)
        let staff = try service.act(
            "answer-proposal", on: complaint.id, key: service.adminKey, json: #"{"accepted":true,"via":"phone"}"#)
        #expect(staff.status == 409)
        #expect(try answer(service, complaint, #"{"accepted":true}"#, code: "WRONGCODE123").status == 404)
        for (body, field) in [
            (#"{}"#, "accepted"), (#"{"accepted":"yes"}"#, "accepted"), (#"{"accepted":true,"via":"x"}"#, "via"),
            (#"{"accepted":false,"comment":"  "}"#, "comment"),
        ] {
            let refused = try answer(service, complaint, body)
            #expect(refused.status == 422, "\(body)")
            #expect(try refused.json()["errors"]?[0]?["field"]?.string == field, "\(body)")
        }
    }
}
