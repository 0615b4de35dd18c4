import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// Waiting on the customer (issue 19, point 3, in part): `await-customer` pauses the resolution
/// clock, `customer-replied` resumes it with the due date moved out by the pause.
@Suite struct WaitingOnCustomerTests {
    private static let ask = #"{"question":"Which model is it, and when was it bought?","channel":"phone"}"#
    private static let reply = #"{"summary":"WM-200, bought in March.","channel":"phone"}"#

    @Test func theResolutionClockStopsWhileTheTeamWaitsAndResumesWithTheReply() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(toInvestigating + [contactStep], on: id)
        let dueText = try #require(try service.complaint(id)["resolution_due_at"]?.string)
        let due = try #require(Instant(rfc3339: dueText))
        service.clock.advance(hours: 10)
        let asked = try service.act("await-customer", on: id, key: service.adminKey, json: Self.ask).json()
        #expect(asked["status"]?.string == "awaiting_customer")
        #expect(asked["awaiting_customer_since"]?.string == service.clock.now.rfc3339)
        #expect(asked["allowed_actions"]?.strings == ["contact", "customer-replied", "withdraw", "escalate", "merge"])

        // Past the resolution's due date while paused: neither breached nor listed as overdue.
        service.clock.advance(hours: 200)
        let waiting = try service.complaint(id)
        #expect(waiting["sla"]?["breached"]?.strings == [])
        #expect(
            try service.request("GET", "/v1/complaints?overdue=true", key: service.adminKey).json()["data"]?.array?
                .count == 0)
        #expect(try service.act("await-customer", on: id, key: service.adminKey, json: Self.ask).status == 409)

        let replied = try service.act("customer-replied", on: id, key: service.adminKey, json: Self.reply).json()
        #expect(replied["status"]?.string == "investigating")
        #expect(replied["awaiting_customer_since"] == .null)
        #expect(replied["resolution_due_at"]?.string == due.adding(hours: 200).rfc3339)
        #expect(replied["sla"]?["clocks"]?["resolution"]?["paused_for"]?.int == Int64(720_000))
        #expect(replied["sla"]?["clocks"]?["resolution"]?["due_at"] == replied["resolution_due_at"])
        let event = try #require(service.timeline(id).last)
        #expect(event["type"]?.string == "complaint.customer_replied")
        #expect(event["data"]?["paused_for"]?.int == Int64(720_000))
        #expect(event["from_status"]?.string == "awaiting_customer")
    }

    @Test func aComplaintThatIsNotOpenCannotWaitAndSaysWhatItCanDo() throws {
        let service = try TestService()
        let supervisor = try service.key(.supervisor)
        let id = try service.register()
        try service.take([("assess", #"{"valid":false,"note":"Not our product."}"#)], on: id)
        let refused = try service.act("await-customer", on: id, key: supervisor, json: Self.ask)
        #expect(refused.status == 409)
        #expect(try refused.json()["allowed_actions"]?.strings == ["reopen"])
        let open = try service.register(json: complaintJSON(subjectRef: "X-9"))
        #expect(try service.act("customer-replied", on: open, key: supervisor, json: Self.reply).status == 409)
    }

    @Test(arguments: [
        ("await-customer", #"{}"#, ["question", "channel"]),
        ("await-customer", #"{"question":"Which?","channel":"pigeon"}"#, ["channel"]),
        ("await-customer", #"{"question":"Which?\u0007","channel":"phone","extra":1}"#, ["extra", "question"]),
        ("customer-replied", #"{"summary":" ","channel":"email"}"#, ["summary"]),
    ])
    func badInputIsRefusedNamingEachFieldAndChangesNothing(action: String, body: String, fields: [String]) throws {
        let service = try TestService()
        let id = try service.register()
        let response = try service.act(action, on: id, key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(Set(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == Set(fields))
        #expect(try service.complaint(id)["version"]?.int == 1)
    }

    @Test func theCustomerSeesThatTheTeamWaitsForThem() throws {
        let service = try TestService()
        let tracked = try service.registerTracked()
        #expect(try service.act("await-customer", on: tracked.id, key: service.adminKey, json: Self.ask).status == 200)
        let view = try service.track(tracked.number, code: tracked.code).json()
        #expect(view["status"]?.string == "awaiting_customer")
        #expect(view["status_label"]?.string == "Waiting for your reply")
    }

    @Test func aMessageFromTheCustomerIsShownToBothAndWhileTheTeamWaitsIsTheirReply() throws {
        let service = try TestService()
        let tracked = try service.registerTracked()
        try service.take(toInvestigating, on: tracked.id)
        let first = try service.request(
            "POST", "/v1/track/\(tracked.number)/messages", json: #"{"body":"It leaks again today."}"#,
            headers: [("X-Tracking-Code", tracked.code)])
        #expect(first.status == 201, "\(first.text)")
        #expect(try first.json()["status"]?.string == "investigating")
        #expect(try first.json()["timeline"]?.array?.compactMap { $0["note"]?.string } == ["It leaks again today."])

        #expect(try service.act("await-customer", on: tracked.id, key: service.adminKey, json: Self.ask).status == 200)
        service.clock.advance(hours: 5)
        let reply = try service.request(
            "POST", "/v1/track/\(tracked.number)/messages",
            json: #"{"body":"WM-200, bought in March."}"#, headers: [("X-Tracking-Code", tracked.code)])
        #expect(reply.status == 201)
        #expect(try reply.json()["status"]?.string == "investigating")
        let complaint = try service.complaint(tracked.id)
        #expect(complaint["sla"]?["clocks"]?["resolution"]?["paused_for"]?.int == Int64(18_000))
        let events = try service.timeline(tracked.id).suffix(2)
        #expect(events.map { $0["type"]?.string } == ["complaint.customer_message", "complaint.customer_replied"])
        #expect(events.first?["data"]?["body"]?.string == "WM-200, bought in March.")
        #expect(events.last?["data"]?["channel"]?.string == "message")
        #expect(events.allSatisfy { $0["actor"]?.string == "complainant" })
    }

    @Test func aMessageIsRefusedWhenBadWhenEndedAndForAWrongCode() throws {
        let service = try TestService()
        let tracked = try service.registerTracked()
        let path = "/v1/track/\(tracked.number)/messages"
        let code = [("X-Tracking-Code", tracked.code)]
        let long = String(repeating: "字", count: 5001)
        for (body, field) in [
            (#"{"body":"\#(long)"}"#, "body"), (#"{"body":"hi","cc":"x"}"#, "cc"), (#"{"body":7}"#, "body"),
            (#"{"body":"hi\u0000"}"#, "body"), (#"{}"#, "body"),
        ] {
            let response = try service.request("POST", path, json: body, headers: code)
            #expect(response.status == 422)
            #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        }
        #expect(
            try service.request("POST", path, json: #"{"body":"hi"}"#, headers: [("X-Tracking-Code", "WRONGWRONG22")])
                .status == 404)
        #expect(try service.request("POST", path, json: #"{"body":"hi"}"#).status == 400)
        try service.take([("withdraw", #"{"reason":"Sorted out."}"#)], on: tracked.id)
        #expect(try service.request("POST", path, json: #"{"body":"hi"}"#, headers: code).status == 409)
        #expect(try service.timeline(tracked.id).filter { $0["type"]?.string == "complaint.customer_message" }.isEmpty)
    }
}
