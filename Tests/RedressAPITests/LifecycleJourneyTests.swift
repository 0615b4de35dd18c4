import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct LifecycleJourneyTests {
    /// One step of the journey: the action, who takes it, its body, and what must follow.
    struct Step {
        let action: String
        let key: String
        let body: String?
        let status: String
        let allowed: [String]
    }

    @Test func aComplaintGoesFromIntakeThroughASentBackProposalAndAnUnsatisfiedFollowUpToClosed() throws {
        let service = try TestService()
        let intake = try service.key(.intake, name: "call centre")
        let agent = try service.key(.agent, name: "李娜")
        let supervisor = try service.key(.supervisor, name: "陈经理")
        let created = try service.request("POST", "/v1/complaints", key: intake, json: complaintJSON())
        #expect(try created.json()["allowed_actions"]?.strings == [])
        let id = try #require(try created.json()["id"]?.int)
        let receivedAt = try #require(Instant(rfc3339: "2026-11-22T05:40:17Z"))
        let asAgent = try service.request("GET", "/v1/complaints/\(id)", key: agent).json()
        #expect(
            asAgent["allowed_actions"]?.strings == [
                "assess", "contact", "await-customer", "withdraw", "escalate", "merge",
            ])

        let firstProposal = #"""
            {"remedies":["replacement","compensation"],"amount_minor":80000,"currency":"CNY",
             "description":"A new machine and 800 yuan for the damaged floor.","root_cause":"Faulty batch of seals",
             "responsibility":{"department":"quality","person":"王强","penalty_minor":50000}}
            """#
        let steps = [
            Step(
                action: "assess", key: agent,
                body: #"{"valid":true,"category":"product_quality","note":"A real leak."}"#,
                status: "accepted", allowed: ["assign", "contact", "await-customer", "withdraw", "escalate", "merge"]),
            Step(
                action: "assign", key: agent, body: #"{"department":"quality","assignee":"张伟"}"#,
                status: "assigned",
                allowed: ["assign", "investigate", "contact", "await-customer", "withdraw", "escalate", "merge"]),
            Step(
                action: "contact", key: agent,
                body:
                    #"{"method":"phone","summary":"Apologised; an engineer will inspect the machine.","visibility":"public"}"#,
                status: "assigned",
                allowed: ["assign", "investigate", "contact", "await-customer", "withdraw", "escalate", "merge"]),
            Step(
                action: "investigate", key: agent, body: #"{"findings":"The door seal split."}"#,
                status: "investigating",
                allowed: [
                    "assign", "investigate", "propose", "contact", "await-customer", "withdraw", "escalate", "merge",
                ]),
            Step(
                action: "propose", key: agent, body: firstProposal, status: "proposed",
                allowed: ["assign", "contact", "await-customer", "withdraw", "escalate", "merge"]),
            Step(
                action: "send-back", key: supervisor, body: #"{"comment":"Check the installation first."}"#,
                status: "investigating",
                allowed: [
                    "assign", "investigate", "propose", "contact", "await-customer", "withdraw", "escalate", "merge",
                ]),
            Step(
                action: "propose", key: agent, body: proposalJSON(#""replacement","compensation""#, amount: 60000),
                status: "proposed", allowed: ["assign", "contact", "await-customer", "withdraw", "escalate", "merge"]),
            Step(
                action: "approve", key: supervisor, body: #"{"comment":"Agreed."}"#,
                status: "approved",
                allowed: ["resolve", "contact", "await-customer", "withdraw", "escalate", "answer-proposal", "merge"]),
            Step(
                action: "resolve", key: agent, body: #"{"note":"Machine replaced.","notified_via":"phone"}"#,
                status: "resolved", allowed: ["follow-up", "contact", "withdraw", "escalate", "merge"]),
            Step(
                action: "follow-up", key: agent,
                body: #"{"method":"phone","satisfied":false,"score":2,"comment":"Still wet."}"#,
                status: "investigating",
                allowed: [
                    "assign", "investigate", "propose", "contact", "await-customer", "withdraw", "escalate", "merge",
                ]),
            Step(
                action: "propose", key: agent, body: proposalJSON(#""apology","refund_partial""#, amount: 20000),
                status: "approved",
                allowed: ["resolve", "contact", "await-customer", "withdraw", "escalate", "answer-proposal", "merge"]),
            Step(
                action: "resolve", key: agent,
                body: #"{"note":"Floor dried, 200 yuan refunded.","notified_via":"visit"}"#,
                status: "resolved", allowed: ["follow-up", "contact", "withdraw", "escalate", "merge"]),
            Step(
                action: "follow-up", key: agent, body: #"{"method":"visit","satisfied":true,"score":5}"#,
                status: "closed", allowed: []),
        ]
        var complaint = JSONValue.null
        for (index, step) in steps.enumerated() {
            service.clock.advance(hours: 1)
            let version = index + 2
            let response = try service.act(
                step.action, on: id, key: step.key, json: step.body,
                headers: [("If-Match", "\"\(version - 1)\"")])
            #expect(response.status == 200, "\(step.action): \(response.text)")
            #expect(response.header("ETag") == "\"\(version)\"", "\(step.action)")
            complaint = try response.json()
            #expect(complaint["status"]?.string == step.status, "\(step.action)")
            #expect(complaint["version"]?.int == Int64(version), "\(step.action)")
            #expect(complaint["allowed_actions"]?.strings == step.allowed, "\(step.action)")
            #expect(complaint["updated_at"]?.string == service.clock.now.rfc3339, "\(step.action)")
            try checkDates(complaint, after: step, at: service.clock.now, receivedAt: receivedAt)
        }
        #expect(complaint["reopen_count"]?.int == 1)
        #expect(complaint["proposal"]?["approved_by"]?.string == "auto")
        #expect(complaint["responsibility"]?["person"]?.string == "王强")
        #expect(complaint["satisfaction"]?["score"]?.int == 5)
        #expect(complaint["department"]?.string == "quality")
        #expect(complaint["sla"]?["state"]?.string == "on_track")
        let asSupervisor = try service.request("GET", "/v1/complaints/\(id)", key: supervisor).json()
        #expect(asSupervisor["allowed_actions"]?.strings == ["reopen"])

        let timeline = try service.timeline(id)
        #expect(
            timeline.compactMap { $0["type"]?.string } == [
                "complaint.created", "complaint.assessed", "complaint.assigned", "complaint.contacted",
                "complaint.investigated",
                "complaint.proposed",
                "complaint.sent_back", "complaint.proposed", "complaint.approved", "complaint.resolved",
                "complaint.followed_up", "complaint.proposed", "complaint.approved", "complaint.resolved",
                "complaint.followed_up",
            ])
        #expect(
            timeline.map { $0["to_status"]?.string } == [
                "received", "accepted", "assigned", "assigned", "investigating", "proposed", "investigating",
                "proposed", "approved",
                "resolved", "investigating", "proposed", "approved", "resolved", "closed",
            ])
        #expect(
            timeline.map { $0["from_status"]?.string } == [
                nil, "received", "accepted", "assigned", "assigned", "investigating", "proposed", "investigating",
                "proposed",
                "approved", "resolved", "investigating", "proposed", "approved", "resolved",
            ])
        #expect(
            timeline.compactMap { $0["actor"]?.string } == [
                "call centre", "李娜", "李娜", "李娜", "李娜", "李娜", "陈经理", "李娜", "陈经理", "李娜", "李娜", "李娜", "李娜", "李娜", "李娜",
            ])
        let seqs = timeline.compactMap { $0["seq"]?.int }
        #expect(seqs.count == 15 && zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(timeline[0]["from_status"] == .null)
        #expect(timeline[5]["data"]?["penalty_minor"]?.int == 50000)
        #expect(timeline[12]["data"]?["auto"]?.bool == true)
        #expect(timeline[12]["data"]?["threshold_minor"]?.int == 50000)
        // Assigning is internal; reaching the customer is the first contact.
        #expect(timeline[2]["data"]?["first_response"] == nil)
        #expect(timeline[3]["data"]?["first_response"]?.bool == true)
        #expect(timeline[14]["at"]?.string == service.clock.now.rfc3339)
    }

    // The dates each step sets or clears, at the step's time.
    private func checkDates(_ complaint: JSONValue, after step: Step, at now: Instant, receivedAt: Instant) throws {
        let firstResponse = receivedAt.adding(hours: 3).rfc3339
        let beforeContact = step.action == "assess" || step.action == "assign"
        #expect(complaint["first_responded_at"]?.string == (beforeContact ? nil : firstResponse), "\(step.action)")
        switch step.status {
        case "resolved":
            #expect(complaint["resolved_at"]?.string == now.rfc3339)
            #expect(complaint["follow_up_due_at"]?.string == now.adding(hours: 24).rfc3339)
            #expect(complaint["closed_at"] == .null)
        case "closed":
            #expect(complaint["closed_at"]?.string == now.rfc3339)
            #expect(complaint["resolved_at"]?.string == now.adding(hours: -1).rfc3339)
        default:
            #expect(complaint["resolved_at"] == .null, "\(step.action)")
            #expect(complaint["follow_up_due_at"] == .null, "\(step.action)")
            #expect(complaint["closed_at"] == .null, "\(step.action)")
        }
        #expect(complaint["reopen_count"]?.int == (complaint["reopened_at"] == .null ? 0 : 1), "\(step.action)")
        // The unsatisfied follow-up's satisfaction is history once it reopened the complaint; only
        // the last, satisfied one is current.
        #expect((complaint["satisfaction"] != .null) == (step.status == "closed"), "\(step.action)")
    }
}
