import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// Corrective and preventive actions over HTTP: adding, listing, moving along, and the timeline.
@Suite struct CorrectiveActionTests {
    static let keys = [
        "id", "complaint", "description", "owner", "due_at", "status", "note", "created_at", "updated_at", "overdue",
    ]

    /// Adds an action due `hours` from now to the complaint and returns it.
    static func add(_ service: TestService, to complaint: Int64, dueIn hours: Double) throws -> JSONValue {
        let due = service.clock.now.adding(hours: hours).rfc3339
        let body = #"{"description":"Inspect every seal in batch 11","owner":"Quality team","due_at":"\#(due)"}"#
        let response = try service.request(
            "POST", "/v1/complaints/\(complaint)/corrective-actions", key: service.adminKey,
            json: body)
        guard response.status == 201 else {
            throw TestClient.Failure(description: "could not add an action: \(response.status) \(response.text)")
        }
        return try response.json()
    }

    static func patch(_ service: TestService, _ id: Int64, key: String, _ json: String) throws -> TestClient.Response {
        try service.request("PATCH", "/v1/corrective-actions/\(id)", key: key, json: json)
    }

    @Test func anAgentAddsAnOpenActionThatTheTimelineRecords() throws {
        let service = try TestService()
        let agent = try service.key(.agent, name: "李娜")
        let complaint = try service.registerTracked()
        let due = service.clock.now.adding(hours: 72).rfc3339
        let response = try service.request(
            "POST", "/v1/complaints/\(complaint.number)/corrective-actions", key: agent,
            json: #"{"description":"Retrain the installers","owner":"王强","due_at":"\#(due)"}"#)
        #expect(response.status == 201)
        let action = try response.json()
        let id = try #require(action["id"]?.int)
        #expect(response.header("Location") == "/v1/corrective-actions/\(id)")
        #expect(action.keys == Self.keys)
        #expect(action["complaint"]?.keys == ["id", "number"])
        #expect(action["complaint"]?["number"]?.string == complaint.number)
        #expect(action["status"]?.string == "open")
        #expect(action["note"] == .null)
        #expect(action["due_at"]?.string == due)
        #expect(action["overdue"]?.bool == false)
        #expect(try service.request("GET", "/v1/corrective-actions/\(id)", key: agent).json() == action)

        let event = try #require(service.timeline(complaint.id).last)
        #expect(event["type"]?.string == "complaint.corrective_action_added")
        #expect(event["actor"]?.string == "李娜")
        #expect(event["data"]?["id"]?.int == id)
        #expect(event["data"]?["status"]?.string == "open")
        #expect(event["data"]?["owner"]?.string == "王强")
        #expect(event["data"]?["due_at"]?.string == due)
        #expect(try service.complaint(complaint.id)["version"]?.int == 1)
        let publicView = try service.track(complaint.number, code: complaint.code).text
        #expect(!publicView.contains("corrective") && !publicView.contains("王强"))
    }

    @Test func anIntakeKeyAddsNothingAndAnUnknownComplaintIs404() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let id = try service.register(key: intake)
        let body = #"{"description":"Fix it","owner":"Ops","due_at":"2026-12-01T00:00:00Z"}"#
        #expect(
            try service.request("POST", "/v1/complaints/\(id)/corrective-actions", key: intake, json: body).status
                == 403)
        #expect(try service.request("GET", "/v1/corrective-actions", key: intake).status == 403)
        #expect(
            try service.request("POST", "/v1/complaints/999/corrective-actions", key: service.adminKey, json: body)
                .status == 404)
    }

    @Test(arguments: [
        (#"{"owner":"Ops","due_at":"2026-12-01T00:00:00Z"}"#, "description"),
        (#"{"description":"  ","owner":"Ops","due_at":"2026-12-01T00:00:00Z"}"#, "description"),
        (#"{"description":"Fix it","due_at":"2026-12-01T00:00:00Z"}"#, "owner"),
        (#"{"description":"Fix it","owner":"Ops"}"#, "due_at"),
        (#"{"description":"Fix it","owner":"Ops","due_at":"next week"}"#, "due_at"),
        (#"{"description":"Fix it","owner":"Ops","due_at":"2026-12-01T00:00:00Z","status":"done"}"#, "status"),
    ])
    func anInvalidActionIs422AndNothingIsRecorded(body: String, field: String) throws {
        let service = try TestService()
        let id = try service.register()
        let response = try service.request(
            "POST", "/v1/complaints/\(id)/corrective-actions", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        #expect(try service.timeline(id).count == 1)
    }

    @Test func listsFilterByStatusOverdueAndComplaintSoonestDueFirst() throws {
        let service = try TestService()
        let first = try service.registerTracked()
        let second = try service.registerTracked(json: complaintJSON(subjectRef: "WM-300"))
        let soon = try #require(try Self.add(service, to: first.id, dueIn: 24)["id"]?.int)
        let done = try #require(try Self.add(service, to: second.id, dueIn: 48)["id"]?.int)
        let later = try #require(try Self.add(service, to: first.id, dueIn: 72)["id"]?.int)
        #expect(try Self.patch(service, done, key: service.adminKey, #"{"status":"done"}"#).status == 200)
        func ids(_ query: String) throws -> [Int64] {
            let response = try service.request("GET", "/v1/corrective-actions\(query)", key: service.adminKey)
            #expect(response.status == 200, "\(query): \(response.text)")
            return try response.json()["data"]?.array?.compactMap { $0["id"]?.int } ?? []
        }
        #expect(try ids("") == [soon, done, later])
        #expect(try ids("?overdue=true") == [])
        service.clock.advance(hours: 50)
        #expect(try ids("?overdue=true") == [soon])
        #expect(try ids("?overdue=false") == [done, later])
        #expect(try ids("?status=done") == [done])
        #expect(try ids("?status=open,verified") == [soon, later])
        #expect(try ids("?complaint=\(first.number)") == [soon, later])
        #expect(try ids("?complaint=\(second.id)&status=open") == [])
        #expect(try ids("?complaint=202611-0999") == [])
        let listed = try service.request("GET", "/v1/corrective-actions?overdue=true", key: service.adminKey).json()
        #expect(listed["data"]?[0]?["overdue"]?.bool == true)
        for query in ["?status=closed", "?overdue=yes", "?complaint=abc", "?limit=0", "?cursor=zzz", "?owner=Ops"] {
            #expect(
                try service.request("GET", "/v1/corrective-actions\(query)", key: service.adminKey).status == 400,
                "\(query)")
        }
    }

    @Test func pagesFollowTheCursor() throws {
        let service = try TestService()
        let id = try service.register()
        let actions = try (1...5).map { try #require(try Self.add(service, to: id, dueIn: Double(6 - $0))["id"]?.int) }
        var seen: [Int64] = []
        var cursor: String?
        repeat {
            let query = "/v1/corrective-actions?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try service.request("GET", query, key: service.adminKey).json()
            let ids = page["data"]?.array?.compactMap { $0["id"]?.int } ?? []
            #expect(ids.count <= 2)
            seen += ids
            cursor = page["next_cursor"]?.string
        } while cursor != nil && seen.count < 10
        #expect(seen == actions.reversed())
    }

    @Test func anActionMovesFromOpenToDoneToVerifiedAndVerifiedIsFinal() throws {
        let service = try TestService()
        let agent = try service.key(.agent, name: "李娜")
        let supervisor = try service.key(.supervisor, name: "陈经理")
        let complaint = try service.register()
        let id = try #require(try Self.add(service, to: complaint, dueIn: 24)["id"]?.int)

        let skipped = try Self.patch(service, id, key: supervisor, #"{"status":"verified"}"#)
        #expect(skipped.status == 409)
        #expect(try skipped.json()["allowed_statuses"]?.strings == ["done"])
        service.clock.advance(hours: 1)
        let done = try Self.patch(
            service, id, key: agent, #"{"status":"done","note":"All seals in batch 11 replaced."}"#)
        #expect(done.status == 200)
        #expect(try done.json()["status"]?.string == "done")
        #expect(try done.json()["note"]?.string == "All seals in batch 11 replaced.")
        #expect(try done.json()["updated_at"]?.string == service.clock.now.rfc3339)
        let byAgent = try Self.patch(service, id, key: agent, #"{"status":"verified"}"#)
        #expect(byAgent.status == 403)
        let verified = try Self.patch(service, id, key: supervisor, #"{"status":"verified"}"#)
        #expect(verified.status == 200)
        #expect(try verified.json()["note"]?.string == "All seals in batch 11 replaced.")
        for body in [#"{"status":"open"}"#, #"{"status":"done"}"#, #"{"status":"verified","note":"Rechecked."}"#] {
            let refused = try Self.patch(service, id, key: supervisor, body)
            #expect(refused.status == 409, "\(body)")
            #expect(try refused.json()["allowed_statuses"]?.strings == [])
        }
        let events = try service.timeline(complaint).filter {
            $0["type"]?.string == "complaint.corrective_action_updated"
        }
        #expect(events.map { $0["data"]?["status"]?.string } == ["done", "verified"])
        #expect(events.map { $0["data"]?["previous_status"]?.string } == ["open", "done"])
        #expect(events.map { $0["actor"]?.string } == ["李娜", "陈经理"])
        #expect(events[0]["data"]?["note"]?.string == "All seals in batch 11 replaced.")
        #expect(events[0]["data"]?["owner"]?.string == "Quality team")
        #expect(events[0]["data"]?["id"]?.int == id)
        #expect(events[0]["data"]?["due_at"]?.string != nil)
    }

    @Test func doneWorkCanBeReopenedAndARepeatChangesNothing() throws {
        let service = try TestService()
        let complaint = try service.register()
        let id = try #require(try Self.add(service, to: complaint, dueIn: 24)["id"]?.int)
        #expect(try Self.patch(service, id, key: service.adminKey, #"{"status":"done"}"#).status == 200)
        let before = try service.timeline(complaint).count
        let repeated = try Self.patch(service, id, key: service.adminKey, #"{"status":"done"}"#)
        #expect(repeated.status == 200)
        #expect(try service.timeline(complaint).count == before)
        let reopened = try Self.patch(
            service, id, key: service.adminKey, #"{"status":"open","note":"Two seals were missed."}"#)
        #expect(reopened.status == 200)
        #expect(try reopened.json()["status"]?.string == "open")
        service.clock.advance(hours: 25)
        #expect(
            try service.request("GET", "/v1/corrective-actions/\(id)", key: service.adminKey).json()["overdue"]?.bool
                == true)
        #expect(try service.timeline(complaint).count == before + 1)
    }

    @Test(arguments: [
        ("999", #"{"status":"done"}"#, 404), ("abc", #"{"status":"done"}"#, 404), ("1", #"{"status":"finished"}"#, 422),
        ("1", #"{"note":"Only a note"}"#, 422), ("1", #"{"status":"done","owner":"me"}"#, 422),
    ])
    func aBadChangeIsRefused(id: String, body: String, status: Int) throws {
        let service = try TestService()
        let complaint = try service.register()
        _ = try Self.add(service, to: complaint, dueIn: 24)
        #expect(
            try service.request("PATCH", "/v1/corrective-actions/\(id)", key: service.adminKey, json: body).status
                == status)
        #expect(
            try service.request("GET", "/v1/corrective-actions/1", key: service.adminKey).json()["status"]?.string
                == "open")
    }
}
