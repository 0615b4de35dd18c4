import Dispatch
import Testing
import JSON
import RedressDomain
import Synchronization
import TestClient
@testable import RedressAPI

@Suite struct LifecycleErrorTests {
    @Test func anActionFromTheWrongStatusIs409NamingTheActionsAllowed() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let id = try service.register()
        try service.take([toInvestigating[0]], on: id)
        let response = try service.act("assess", on: id, key: agent, json: #"{"valid":true}"#)
        #expect(response.status == 409)
        let problem = try response.json()
        #expect(problem["type"]?.string == "/problems/invalid-transition")
        #expect(problem["status"]?.int == 409)
        #expect(
            problem["allowed_actions"]?.strings == [
                "assign", "contact", "await-customer", "withdraw", "escalate", "merge",
            ])
        let detail = try #require(problem["detail"]?.string)
        #expect(
            detail.contains("accepted") && detail.contains("assign, contact, await-customer, withdraw, escalate, merge")
        )
        #expect(try service.complaint(id)["version"]?.int == 2)
    }

    @Test(arguments: [
        ("assign", "{}", ["department", "assignee"]),
        ("assign", #"{"department":"moon_base","assignee":"张伟"}"#, ["department"]),
        ("assign", #"{"department":"quality","assignee":"  "}"#, ["assignee"]),
        ("assign", #"{"department":"quality","assignee":"张伟","priority":"high"}"#, ["priority"]),
        ("assign", #"{"department":7,"assignee":"张伟"}"#, ["department"]),
        ("escalate", "", ["reason"]),
        ("withdraw", #"{"reason":null}"#, ["reason"]),
        ("investigate", #"{"findings":["a"]}"#, ["findings"]),
    ])
    func aMissingUnknownOrMistypedFieldIs422AndChangesNothing(action: String, body: String, fields: [String]) throws {
        let service = try TestService()
        let id = try service.register()
        try service.take([toInvestigating[0]], on: id)
        let response = try service.act(action, on: id, key: service.adminKey, json: body.isEmpty ? nil : body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } == fields)
        #expect(try service.complaint(id)["version"]?.int == 2)
        #expect(try service.timeline(id).count == 2)
    }

    @Test(arguments: [
        ("assess", #"{"valid":"yes","priority":"urgent","category":"weather"}"#, ["valid", "priority"]),
        ("assess", #"{"valid":true,"category":"weather"}"#, ["category"]),
        (
            "propose", #"{"remedies":["cash","apology"],"amount_minor":1.5,"description":"d","root_cause":"r"}"#,
            ["remedies[0]", "amount_minor"]
        ),
        (
            "propose",
            #"{"remedies":["apology"],"description":"d","root_cause":"r","responsibility":{"penalty_minor":"x","team":"a"}}"#,
            ["responsibility.team", "responsibility.penalty_minor"]
        ),
        // The body's own faults are judged before anything that needs the database, such as a department.
        (
            "propose",
            #"{"remedies":["refund_partial"],"description":"d","root_cause":"r","responsibility":{"department":"nowhere"}}"#,
            ["amount_minor"]
        ),
        (
            "propose",
            #"{"remedies":["refund_partial"],"amount_minor":100,"description":"d","root_cause":"r","responsibility":{"department":"nowhere"}}"#,
            ["responsibility.department"]
        ),
        ("follow-up", #"{"method":"fax","satisfied":true,"score":3}"#, ["method"]),
        ("follow-up", #"{"method":"phone","satisfied":true,"score":9}"#, ["score"]),
    ])
    func enumerationsNumbersAndNestedObjectsAreCheckedStrictly(action: String, body: String, fields: [String]) throws {
        let service = try TestService()
        let id = try service.register()
        let before: [(String, String)] =
            switch action {
            case "propose": toInvestigating
            case "follow-up":
                toInvestigating + [
                    ("propose", proposalJSON(#""apology""#)),
                    ("resolve", #"{"note":"Sorry.","notified_via":"phone"}"#),
                ]
            default: []
            }
        try service.take(before, on: id)
        let response = try service.act(action, on: id, key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } == fields)
    }

    @Test func aRoleTooLowIs403() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let agent = try service.key(.agent)
        let id = try service.register(key: intake)
        let assess = try service.act("assess", on: id, key: intake, json: #"{"valid":true}"#)
        #expect(assess.status == 403)
        #expect(try assess.json()["type"]?.string == "/problems/forbidden")
        try service.take(toInvestigating + [("propose", proposalJSON(#""refund_full""#, amount: 900))], on: id)
        #expect(try service.act("approve", on: id, key: agent).status == 403)
        #expect(try service.act("send-back", on: id, key: agent, json: #"{"comment":"No."}"#).status == 403)
        #expect(try service.act("approve", on: id, key: "not-a-key").status == 401)
        #expect(try service.complaint(id)["status"]?.string == "proposed")
    }

    @Test func aStaleIfMatchIs412WithTheCurrentETag() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take([toInvestigating[0]], on: id)
        let stale = try service.act(
            "assign", on: id, key: service.adminKey, json: toInvestigating[1].1,
            headers: [("If-Match", "\"1\"")])
        #expect(stale.status == 412)
        #expect(stale.header("ETag") == "\"2\"")
        let current = try service.act(
            "assign", on: id, key: service.adminKey, json: toInvestigating[1].1,
            headers: [("If-Match", "\"2\"")])
        #expect(current.status == 200)
        #expect(current.header("ETag") == "\"3\"")
    }

    @Test func anUnknownActionOrComplaintIs404AndACaseNumberNamesOne() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let otherIntake = try service.key(.intake, name: "web form")
        let id = try service.register(key: intake)
        #expect(try service.act("frobnicate", on: id, key: service.adminKey, json: "{}").status == 404)
        #expect(try service.act("assess", on: 999, key: service.adminKey, json: #"{"valid":true}"#).status == 404)
        #expect(try service.request("GET", "/v1/complaints/\(id)/notes", key: otherIntake).status == 404)
        #expect(try service.request("GET", "/v1/complaints/\(id)/notes", key: intake).status == 200)
        let number = try #require(service.complaint(id)["number"]?.string)
        let byNumber = try service.request(
            "POST", "/v1/complaints/\(number)/assess", key: service.adminKey,
            json: #"{"valid":true}"#)
        #expect(byNumber.status == 200)
    }

    @Test func aBodyIsJSONOrNothing() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(Array(toInvestigating.prefix(2)), on: id)
        let text = try service.act(
            "investigate", on: id, key: service.adminKey, json: "findings",
            headers: [("Content-Type", "text/plain")])
        #expect(text.status == 415)
        let broken = try service.act("investigate", on: id, key: service.adminKey, json: "{")
        #expect(broken.status == 400)
        let array = try service.act("investigate", on: id, key: service.adminKey, json: "[]")
        #expect(array.status == 422)
        let bare = try service.act("investigate", on: id, key: service.adminKey)
        #expect(bare.status == 200)
        #expect(try bare.json()["status"]?.string == "investigating")
    }

    @Test func aRetriedActionWithTheSameIdempotencyKeyTakesEffectOnce() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take([toInvestigating[0]], on: id)
        let headers = [("Idempotency-Key", "assign-\(id)")]
        let first = try service.act(
            "assign", on: id, key: service.adminKey, json: toInvestigating[1].1, headers: headers)
        let retry = try service.act(
            "assign", on: id, key: service.adminKey, json: toInvestigating[1].1, headers: headers)
        #expect(first.status == 200)
        #expect(retry.status == 200)
        #expect(retry.body == first.body)
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(try service.timeline(id).count == 3)
        let reused = try service.act(
            "assign", on: id, key: service.adminKey,
            json: #"{"department":"billing","assignee":"李娜"}"#, headers: headers)
        #expect(reused.status == 422)
    }

    @Test func ofTwoAgentsActingOnTheSameVersionAtOnceExactlyOneWins() throws {
        let service = try TestService()
        let agents = [try service.key(.agent, name: "甲"), try service.key(.agent, name: "乙")]
        let id = try service.register()
        try service.take(Array(toInvestigating.prefix(2)), on: id)
        let statuses = Mutex<[Int]>([])
        let port = service.port
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let headers = [
                ("Authorization", "Bearer \(agents[index])"), ("Content-Type", "application/json"),
                ("If-Match", "\"3\""),
            ]
            let response = try? TestClient(port: port).request(
                "POST", "/v1/complaints/\(id)/investigate", headers: headers,
                body: Array(#"{"findings":"Seen by \#(index)"}"#.utf8))
            statuses.withLock { $0.append(response?.status ?? 0) }
        }
        #expect(statuses.withLock { $0.sorted() } == [200, 412])
        let investigated = try service.timeline(id).filter { $0["type"]?.string == "complaint.investigated" }
        #expect(investigated.count == 1)
        #expect(try service.complaint(id)["version"]?.int == 4)
    }
}
