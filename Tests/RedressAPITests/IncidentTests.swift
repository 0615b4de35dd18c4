import Testing
import JSON
import RedressStore
import TestClient
@testable import RedressAPI

/// "When many customers complain of one cause (a product batch, an outage), handle them as one
/// incident": one statement every affected customer reads, and their complaints resolved together,
/// each still followed up on its own.
@Suite struct IncidentTests {
    static let incident = #"""
        {"title":"WM-200 door seal batch 2026-11","description":"Seals from supplier batch 11 tear after a month.",
         "public_statement":"We found a faulty batch of door seals and are replacing them free of charge."}
        """#
    /// The steps that take a complaint to approved (a proposal within the threshold).
    static let toApproved =
        toInvestigating + [("propose", #"{"remedies":["repair"],"description":"A new seal","root_cause":"Batch 11"}"#)]

    private func open(_ service: TestService, key: String? = nil, json: String = incident) throws -> TestClient.Response
    {
        try service.request("POST", "/v1/incidents", key: key ?? service.adminKey, json: json)
    }

    private func link(
        _ service: TestService, _ incident: Int64, _ ref: String, key: String? = nil, method: String = "POST"
    ) throws -> TestClient.Response {
        try service.request(method, "/v1/incidents/\(incident)/complaints/\(ref)", key: key ?? service.adminKey)
    }

    @Test func aBatchDefectIsOneIncidentWhosePublicStatementEveryLinkedCustomerReads() throws {
        let service = try TestService()
        let supervisor = try service.key(.supervisor, name: "陈经理")
        let agent = try service.key(.agent, name: "李娜")
        let opened = try open(service, key: supervisor)
        #expect(opened.status == 201, "\(opened.text)")
        let incident = try opened.json()
        let id = try #require(incident["id"]?.int)
        #expect(opened.header("Location") == "/v1/incidents/\(id)")
        #expect(opened.header("ETag") == "\"1\"")
        #expect(incident["status"]?.string == "open")
        #expect(incident["created_by"]?.string == "陈经理")
        #expect(incident["complaint_count"]?.int == 0)
        #expect(incident["public_statement_updated_at"]?.string == service.clock.now.rfc3339)

        let first = try service.registerTracked()
        let second = try service.registerTracked(json: complaintJSON(phone: "13900000002"))
        let other = try service.registerTracked(json: complaintJSON(phone: "13900000003", subjectRef: "TV-1"))
        let linked = try link(service, id, first.number, key: agent)
        #expect(linked.status == 200, "\(linked.text)")
        #expect(try linked.json()["incident"]?.int == id)
        #expect(try linked.json()["version"]?.int == 2)
        #expect(try link(service, id, "\(second.id)", key: agent).status == 200)
        // Linking again to the same incident changes nothing.
        #expect(try link(service, id, "\(second.id)", key: agent).json()["version"]?.int == 2)
        let event = try #require(service.timeline(first.id).last)
        #expect(event["type"]?.string == "complaint.incident_linked")
        #expect(event["data"]?["incident"]?.int == id)
        #expect(try service.complaint(other.id)["incident"] == .null)

        let read = try service.request("GET", "/v1/incidents/\(id)", key: agent)
        #expect(try read.json()["complaint_count"]?.int == 2)
        #expect(read.header("ETag") == "\"3\"")
        let listed = try service.request("GET", "/v1/complaints?incident=\(id)", key: agent).json()
        #expect(listed["data"]?.array?.compactMap { $0["id"]?.int }.sorted() == [first.id, second.id])

        // Each linked customer reads the statement, and nothing else of the incident.
        for tracked in [first, second] {
            let view = try service.track(tracked.number, code: tracked.code)
            #expect(
                try view.json()["incident_statement"]?["text"]?.string
                    == "We found a faulty batch of door seals and are replacing them free of charge.")
            #expect(!view.text.contains("supplier batch 11") && !view.text.contains("WM-200 door seal batch"))
        }
        #expect(try service.track(other.number, code: other.code).json()["incident_statement"] == .null)

        service.clock.advance(hours: 2)
        let stale = try service.request(
            "PATCH", "/v1/incidents/\(id)", key: supervisor, json: #"{"public_statement":"x"}"#,
            headers: [("If-Match", "\"1\"")])
        #expect(stale.status == 412)
        let changed = try service.request(
            "PATCH", "/v1/incidents/\(id)", key: supervisor,
            json: #"{"public_statement":"新的密封圈已寄出 / New seals are on their way."}"#,
            headers: [("If-Match", "\"3\"")])
        #expect(changed.status == 200, "\(changed.text)")
        #expect(changed.header("ETag") == "\"4\"")
        #expect(try changed.json()["public_statement_updated_at"]?.string == service.clock.now.rfc3339)
        let view = try service.track(first.number, code: first.code).json()["incident_statement"]
        #expect(view?["text"]?.string == "新的密封圈已寄出 / New seals are on their way.")
        #expect(view?["updated_at"]?.string == service.clock.now.rfc3339)
        // Withdrawn, it is gone from their pages.
        #expect(
            try service.request("PATCH", "/v1/incidents/\(id)", key: supervisor, json: #"{"public_statement":null}"#)
                .json()["public_statement"] == .null)
        #expect(try service.track(first.number, code: first.code).json()["incident_statement"] == .null)

        let unlinked = try link(service, id, "\(second.id)", key: agent, method: "DELETE")
        #expect(unlinked.status == 200)
        #expect(try unlinked.json()["incident"] == .null)
        #expect(try service.timeline(second.id).last?["type"]?.string == "complaint.incident_unlinked")
        #expect(try link(service, id, "\(second.id)", key: agent, method: "DELETE").status == 404)
        let summary = try service.request("GET", "/v1/stats/summary", key: supervisor).json()
        #expect(summary["linked_to_incidents"]?.int == 1)
        #expect(summary["incidents_open"]?.int == 1)
    }

    @Test func resolvingTheIncidentResolvesEachComplaintThatCanBeAndNamesTheOthers() throws {
        let service = try TestService()
        let id = try #require(try open(service).json()["id"]?.int)
        let ready = try service.register()
        let readyToo = try service.register(json: complaintJSON(phone: "13900000002"))
        let behind = try service.register(json: complaintJSON(phone: "13900000003"))
        try service.take(Self.toApproved, on: ready)
        service.clock.advance(hours: 1)
        try service.take(Self.toApproved, on: readyToo)
        try service.take(toInvestigating, on: behind)
        for complaint in [ready, readyToo, behind] { #expect(try link(service, id, "\(complaint)").status == 200) }

        service.clock.advance(hours: 3)
        let body = #"{"note":"We replaced the seal; batch 11 is withdrawn.","notified_via":"sms"}"#
        let first = try service.request("POST", "/v1/incidents/\(id)/resolve", key: service.adminKey, json: body)
        #expect(first.status == 200, "\(first.text)")
        let outcome = try first.json()
        #expect(outcome["resolved"]?.int == 2 && outcome["refused"]?.int == 1)
        #expect(outcome["incident"]?["status"]?.string == "open")
        let results = outcome["results"]?.array ?? []
        #expect(results.compactMap { $0["complaint"]?["id"]?.int } == [ready, readyToo, behind])
        #expect(results.compactMap { $0["outcome"]?.string } == ["resolved", "resolved", "refused"])
        let refused = results[2]["problem"]
        #expect(refused?["type"]?.string == "/problems/invalid-transition")
        #expect(refused?["status"]?.int == 409)
        #expect(refused?["allowed_actions"]?.strings?.contains("propose") == true)
        #expect(results[2]["status"]?.string == "investigating")
        // Each resolved complaint has its own resolution, event and follow-up due date.
        for (index, complaint) in [ready, readyToo].enumerated() {
            let resolved = try service.complaint(complaint)
            #expect(resolved["status"]?.string == "resolved")
            #expect(resolved["resolution"]?["note"]?.string == "We replaced the seal; batch 11 is withdrawn.")
            #expect(resolved["follow_up_due_at"]?.string != nil)
            #expect(results[index]["follow_up_due_at"] == resolved["follow_up_due_at"])
            #expect(try service.timeline(complaint).last?["type"]?.string == "complaint.resolved")
        }
        #expect(try service.complaint(behind)["status"]?.string == "investigating")

        // Once the last one is ready, resolving again finishes it, and the incident with it.
        try service.take(
            [("propose", #"{"remedies":["repair"],"description":"A new seal","root_cause":"B11"}"#)], on: behind)
        let second = try service.request("POST", "/v1/incidents/\(id)/resolve", key: service.adminKey, json: body)
        let again = try second.json()
        #expect(again["resolved"]?.int == 1 && again["refused"]?.int == 2)
        #expect(again["incident"]?["status"]?.string == "resolved")
        #expect(again["incident"]?["resolved_at"]?.string == service.clock.now.rfc3339)
        #expect(second.header("ETag") == "\"\(try #require(again["incident"]?["version"]?.int))\"")
        #expect(try service.complaint(behind)["status"]?.string == "resolved")
        // A resolved incident is neither resolved again nor given or robbed of complaints.
        let late = try service.register(json: complaintJSON(phone: "13900000004"))
        #expect(
            try service.request("POST", "/v1/incidents/\(id)/resolve", key: service.adminKey, json: body).status == 409)
        #expect(try link(service, id, "\(late)").status == 409)
        #expect(try link(service, id, "\(ready)", method: "DELETE").status == 409)
        let open = try service.request("GET", "/v1/incidents?status=open", key: service.adminKey).json()
        #expect(open["data"]?.array?.isEmpty == true)
        #expect(
            try service.request("GET", "/v1/stats/summary", key: service.adminKey).json()["incidents_open"]?.int == 0)
    }

    @Test func linksFollowTheRulesAndBadRequestsChangeNothing() throws {
        let service = try TestService()
        let id = try #require(try open(service).json()["id"]?.int)
        let otherIncident = try #require(try open(service).json()["id"]?.int)
        let closed = try service.register()
        try service.take([("withdraw", #"{"reason":"Sorted out"}"#)], on: closed)
        let refused = try link(service, id, "\(closed)")
        #expect(refused.status == 422)
        #expect(try refused.json()["errors"]?[0]?["field"]?.string == "ref")
        #expect(try refused.json()["errors"]?[0]?["message"]?.string?.contains("withdrawn") == true)
        let taken = try service.register()
        #expect(try link(service, otherIncident, "\(taken)").status == 200)
        let clash = try link(service, id, "\(taken)")
        #expect(clash.status == 409)
        #expect(try clash.json()["incident"]?.int == otherIncident)
        #expect(try link(service, 999, "\(taken)").status == 404)
        #expect(try link(service, id, "999").status == 404)
        #expect(try service.request("GET", "/v1/incidents/abc", key: service.adminKey).status == 404)
        #expect(try service.request("GET", "/v1/incidents/0", key: service.adminKey).status == 404)
        let withBody = try service.request(
            "POST", "/v1/incidents/\(id)/complaints/\(taken)", key: service.adminKey, json: "{}")
        #expect(withBody.status == 422)
        #expect(try service.complaint(taken)["incident"]?.int == otherIncident)
        #expect(try service.complaint(closed)["incident"] == .null)
        #expect(try service.request("GET", "/v1/incidents/\(id)", key: service.adminKey).json()["version"]?.int == 1)

        let long = String(repeating: "批", count: 201)
        for (body, field) in [
            (#"{"description":"d"}"#, "title"), (#"{"title":" ","description":"d"}"#, "title"),
            (#"{"title":"\#(long)","description":"d"}"#, "title"), (#"{"title":"t"}"#, "description"),
            (#"{"title":"t","description":"a\u0000b"}"#, "description"),
            (
                #"{"title":"t","description":"d","public_statement":"\#(String(repeating: "x", count: 5001))"}"#,
                "public_statement"
            ),
            (#"{"title":"t","description":"d","severity":"high"}"#, "severity"),
            (#"{"title":["t"],"description":"d"}"#, "title"),
        ] {
            let response = try open(service, json: body)
            #expect(response.status == 422, "\(body.prefix(50))")
            #expect(try response.json()["errors"]?[0]?["field"]?.string == field, "\(body.prefix(50))")
        }
        for (body, field) in [(#"{"title":null}"#, "title"), (#"{"public_statement":""}"#, "public_statement")] {
            let response = try service.request("PATCH", "/v1/incidents/\(id)", key: service.adminKey, json: body)
            #expect(response.status == 422, "\(body)")
            #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        }
        let resolve = try service.request(
            "POST", "/v1/incidents/\(id)/resolve", key: service.adminKey, json: #"{"note":"Done"}"#)
        #expect(resolve.status == 422)
        #expect(try resolve.json()["errors"]?[0]?["field"]?.string == "notified_via")
        let listed = try service.request("GET", "/v1/incidents", key: service.adminKey).json()
        #expect(listed["data"]?.array?.count == 2)
        #expect(try service.request("GET", "/v1/complaints?incident=abc", key: service.adminKey).status == 400)
        #expect(try service.request("GET", "/v1/incidents?status=closed", key: service.adminKey).status == 400)
        #expect(try service.request("GET", "/v1/incidents?cursor=%00", key: service.adminKey).status == 400)
    }

    @Test func eachRoleDoesWhatItsPlaceAllows() throws {
        let service = try TestService()
        let (intake, agent, supervisor) = (
            try service.key(.intake), try service.key(.agent), try service.key(.supervisor)
        )
        #expect(try open(service, key: agent).status == 403)
        #expect(try open(service, key: intake).status == 403)
        let id = try #require(try open(service, key: supervisor).json()["id"]?.int)
        let complaint = try service.register(key: intake)
        #expect(try service.request("GET", "/v1/incidents", key: intake).status == 403)
        #expect(try service.request("GET", "/v1/incidents/\(id)", key: intake).status == 403)
        #expect(try link(service, id, "\(complaint)", key: intake).status == 403)
        #expect(try link(service, id, "\(complaint)", key: agent).status == 200)
        #expect(try service.request("GET", "/v1/complaints?incident=\(id)", key: intake).status == 403)
        #expect(
            try service.request("PATCH", "/v1/incidents/\(id)", key: agent, json: #"{"title":"x"}"#).status == 403)
        #expect(
            try service.request(
                "POST", "/v1/incidents/\(id)/resolve", key: agent, json: #"{"note":"n","notified_via":"sms"}"#
            ).status == 403)
        #expect(try service.request("GET", "/v1/incidents", key: "rk_nonsense").status == 401)
    }

    @Test func anIncidentIsOpenedOncePerIdempotencyKeyAndListsPageNewestFirst() throws {
        let service = try TestService()
        let headers = [("Idempotency-Key", "batch-11")]
        let once = try service.request(
            "POST", "/v1/incidents", key: service.adminKey, json: Self.incident, headers: headers)
        let again = try service.request(
            "POST", "/v1/incidents", key: service.adminKey, json: Self.incident, headers: headers)
        #expect(once.status == 201 && again.status == 201)
        #expect(again.body == once.body)
        #expect(again.header("Idempotent-Replayed") == "true")
        let second = try #require(try open(service).json()["id"]?.int)
        let third = try #require(try open(service).json()["id"]?.int)
        let page = try service.request("GET", "/v1/incidents?limit=2", key: service.adminKey).json()
        #expect(page["data"]?.array?.compactMap { $0["id"]?.int } == [third, second])
        let cursor = try #require(page["next_cursor"]?.string)
        let rest = try service.request("GET", "/v1/incidents?limit=2&cursor=\(cursor)", key: service.adminKey).json()
        #expect(rest["data"]?.array?.compactMap { $0["id"]?.int } == [try once.json()["id"]?.int])
        #expect(rest["next_cursor"] == .null)
    }

    @Test func aDatabaseFromBeforeIncidentsUpgradesWithItsComplaintsUnlinked() throws {
        let service = try TestService()
        let id = try service.register()
        let before = try service.complaint(id)
        try service.database.write { connection in
            try connection.execute(SchemaRewind.script(from: Schema.migrations.count, to: 15))
        }
        let tables = try service.database.read { connection in
            try connection.query("SELECT name FROM sqlite_schema WHERE name LIKE '%incident%'").map {
                try $0.get(0) as String
            }
        }
        #expect(tables.isEmpty)
        // Read through the upgraded database itself: the service's readers keep the snapshot they had.
        let reopened = try Database(
            configuration: DatabaseConfiguration(path: service.directory.appendingPathComponent("redress.sqlite").path))
        defer { reopened.close() }
        #expect(reopened.migrationReport.applied == Array(16...Schema.migrations.count))
        let after = try #require(try reopened.read { try $0.complaint(id: id) })
        #expect(after.incident == nil && after.mergedInto == nil)
        #expect(after.version == before["version"]?.int.map(Int.init))
        #expect(try reopened.read { try $0.incidents(statuses: [], after: nil, limit: 10).incidents.isEmpty })
    }
}
