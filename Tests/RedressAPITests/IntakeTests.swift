import Foundation
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI
@testable import RedressStore
import SQLite

@Suite struct IntakeTests {
    @Test func aComplaintIsRegisteredWithItsNumberLocationETagAndTrackingCodeShownOnce() throws {
        let service = try TestService()
        let intake = try service.key(.intake, name: "call centre")
        let response = try service.request(
            "POST", "/v1/complaints", key: intake,
            json: complaintJSON(
                extra: #","tags":["leak","repeat-visit"],"category":"product_quality","external_ref":"CRM-1""#))
        #expect(response.status == 201)
        let body = try response.json()
        let id = try #require(body["id"]?.int)
        #expect(response.header("Location") == "/v1/complaints/\(id)")
        #expect(response.header("ETag") == "\"1\"")
        #expect(body["number"]?.string == "202611-0001")
        #expect(body["status"]?.string == "received")
        #expect(body["received_at"]?.string == "2026-11-22T05:40:17Z")
        #expect(body["tags"]?.array?.compactMap(\.string) == ["leak", "repeat-visit"])
        #expect(body["priority"]?.string == "normal")
        #expect(body["resolution_due_at"]?.string == "2026-11-29T05:40:17Z")
        // Staff see how it was received and its time limits.
        let staffView = try service.request("GET", "/v1/complaints/\(id)", key: service.adminKey).json()
        #expect(staffView["received_by"]?.string == "call centre")
        #expect(staffView["first_response_due_at"]?.string == "2026-11-23T05:40:17Z")
        #expect(staffView["sla"]?["state"]?.string == "on_track")
        let code = try #require(body["tracking_code"]?.string)
        #expect(code.count == 12)
        let read = try service.request("GET", "/v1/complaints/\(id)", key: intake)
        #expect(read.status == 200)
        #expect(try read.json()["tracking_code"] == nil)
        #expect(!read.text.contains(code))
        let stored = try service.database.read { try $0.query("SELECT * FROM complaints") }.map { "\($0.values)" }
            .joined()
        #expect(!stored.contains(code))
    }

    @Test func receivedAtMayBeInThePastButNotTheFuture() throws {
        let service = try TestService()
        let past = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(extra: #","received_at":"2026-11-20T13:00:00+08:00""#))
        #expect(past.status == 201)
        #expect(try past.json()["received_at"]?.string == "2026-11-20T05:00:00Z")
        #expect(try past.json()["resolution_due_at"]?.string == "2026-11-27T05:00:00Z")
        let future = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(extra: #","received_at":"2026-11-22T05:45:18Z""#))
        #expect(future.status == 422)
        #expect(try future.json()["errors"]?[0]?["field"]?.string == "received_at")
    }

    // The clock is at 2026-11-22T05:40:17Z: a sender's clock may run five minutes fast, and no
    // complaint reached the company before 2000.
    @Test(arguments: [
        ("0001-01-01T00:00:00Z", 422),
        ("1999-12-31T23:59:59Z", 422),
        ("2000-01-01T00:00:00Z", 201),
        ("2026-11-22T05:45:17Z", 201),
        ("2026-11-22T05:45:18Z", 422),
    ])
    func receivedAtIsTakenFrom2000UntilFiveMinutesAhead(receivedAt: String, status: Int) throws {
        let service = try TestService()
        let response = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(extra: #","received_at":"\#(receivedAt)""#))
        #expect(response.status == status)
        if status == 422 {
            #expect(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } == ["received_at"])
            #expect(try service.database.read { try $0.query("SELECT id FROM complaints") }.isEmpty)
        }
    }

    @Test(arguments: [
        (#"{}"#, ["channel", "title", "description", "complainant", "subject"]),
        (
            #"{"channel":"fax","title":"t","description":"d","complainant":{"name":"n","phone":"12345"},"subject":{"type":"product"}}"#,
            ["channel"]
        ),
        (
            #"{"channel":"web","title":"","description":"d","complainant":{"name":"n"},"subject":{"type":"thing"}}"#,
            ["subject.type"]
        ),
        (
            #"{"channel":"web","title":"","description":"d","complainant":{"name":"n"},"subject":{"type":"store"}}"#,
            ["title", "complainant"]
        ),
        (
            #"{"channel":"web","title":5,"description":"d","complainant":{"name":"n","email":"bad"},"subject":{"type":"store"},"tags":"x"}"#,
            ["title", "tags"]
        ),
        (
            #"{"channel":"web","title":"t","description":"d","complainant":{"name":"n","email":"bad"},"subject":{"type":"store"}}"#,
            ["complainant.email"]
        ),
        (
            #"{"channel":"web","title":"t","description":"d","complainant":{"name":"n","phone":"1"},"subject":{"type":"store"},"status":"closed"}"#,
            ["status"]
        ),
        (
            #"{"channel":"web","title":"t","description":"d","complainant":{"name":"n","phone":"12345"},"subject":{"type":"store"},"category":"nope"}"#,
            ["category"]
        ),
        (
            #"{"channel":"web","title":"t","description":"d","complainant":{"name":"n","phone":"12345"},"subject":{"type":"store"},"priority":"urgent"}"#,
            ["priority"]
        ),
        (
            #"{"channel":"web","title":"t","description":"d","complainant":{"name":"n","phone":"12345"},"subject":{"type":"store"},"received_at":"yesterday"}"#,
            ["received_at"]
        ),
    ])
    func invalidComplaintsAre422WithEveryFieldNamedAndNothingStored(body: String, fields: [String]) throws {
        let service = try TestService()
        let response = try service.request("POST", "/v1/complaints", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(response.header("Content-Type") == "application/problem+json")
        let problem = try response.json()
        #expect(problem["type"]?.string == "/problems/validation-failed")
        #expect(problem["errors"]?.array?.compactMap { $0["field"]?.string } == fields)
        #expect(try service.database.read { try $0.first("SELECT count(*) FROM complaints")!.get(0) as Int } == 0)
    }

    @Test(arguments: [
        ("text/plain", "title", 415), ("application/json", "{not json", 400), ("application/json", "[1,2]", 422),
    ])
    func aBodyThatIsNotAJSONObjectIsRefused(contentType: String, body: String, status: Int) throws {
        let service = try TestService()
        let response = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: body,
            headers: [("Content-Type", contentType)])
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func aRepeatedExternalRefFromTheSameKeyIs409PointingAtTheFirst() throws {
        let service = try TestService()
        let web = try service.key(.intake, name: "web")
        let first = try service.request(
            "POST", "/v1/complaints", key: web, json: complaintJSON(extra: #","external_ref":"T-9""#)
        ).json()
        let again = try service.request(
            "POST", "/v1/complaints", key: web, json: complaintJSON(title: "Other", extra: #","external_ref":"T-9""#))
        #expect(again.status == 409)
        let problem = try again.json()
        #expect(problem["existing"]?["id"]?.int == first["id"]?.int)
        #expect(problem["existing"]?["number"]?.string == first["number"]?.string)
        #expect(problem["existing"]?["href"]?.string == "/v1/complaints/\(first["id"]!.int!)")
        let otherKey = try service.key(.intake, name: "app")
        #expect(
            try service.request(
                "POST", "/v1/complaints", key: otherKey, json: complaintJSON(extra: #","external_ref":"T-9""#)
            ).status == 201)
    }

    @Test func anIdempotentRetryReturnsTheFirstResponseWithoutASecondComplaint() throws {
        let service = try TestService()
        let body = complaintJSON()
        let first = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: body, headers: [("Idempotency-Key", "abc-1")])
        let second = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: body, headers: [("Idempotency-Key", "abc-1")])
        #expect(first.status == 201)
        #expect(second.status == 201)
        #expect(second.body == first.body)
        #expect(second.header("Location") == first.header("Location"))
        #expect(second.header("ETag") == first.header("ETag"))
        #expect(try service.database.read { try $0.first("SELECT count(*) FROM complaints")!.get(0) as Int } == 1)
        let reused = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(title: "Different"),
            headers: [("Idempotency-Key", "abc-1")])
        #expect(reused.status == 422)
        #expect(try reused.json()["type"]?.string == "/problems/idempotency-key-reused")
        let tooLong = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: body,
            headers: [("Idempotency-Key", String(repeating: "k", count: 256))])
        #expect(tooLong.status == 400)
    }

    @Test func everyPostTakesAnIdempotencyKey() throws {
        let service = try TestService()
        let body = #"{"key":"returns","name":"Returns desk"}"#
        let first = try service.request(
            "POST", "/v1/departments", key: service.adminKey, json: body, headers: [("Idempotency-Key", "d-1")])
        let retry = try service.request(
            "POST", "/v1/departments", key: service.adminKey, json: body, headers: [("Idempotency-Key", "d-1")])
        #expect(first.status == 201)
        #expect(retry.status == 201)
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(try service.request("POST", "/v1/departments", key: service.adminKey, json: body).status == 409)
        let longKey = String(repeating: "é", count: 200)
        #expect(
            try service.request(
                "POST", "/v1/categories", key: service.adminKey, json: #"{"key":"k","name":"n"}"#,
                headers: [("Idempotency-Key", longKey)]
            ).status == 201)
    }

    @Test func idempotentRetriesRacingEachOtherCreateOneComplaint() async throws {
        let service = try TestService()
        let body = complaintJSON()
        let port = service.port
        let key = service.adminKey
        let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try TestClient(port: port).request(
                        "POST", "/v1/complaints",
                        headers: [
                            ("Authorization", "Bearer \(key)"), ("Content-Type", "application/json"),
                            ("Idempotency-Key", "race"),
                        ], body: Array(body.utf8)
                    ).body
                }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(Set(bodies).count == 1)
        #expect(try service.database.read { try $0.first("SELECT count(*) FROM complaints")!.get(0) as Int } == 1)
    }

    @Test func concurrentIntakesGetGapFreeUniqueNumbers() async throws {
        let service = try TestService()
        let port = service.port
        let key = service.adminKey
        let numbers = try await withThrowingTaskGroup(of: [String].self) { group in
            for thread in 0..<16 {
                group.addTask {
                    let client = try TestClient(port: port)
                    var numbers: [String] = []
                    for index in 0..<(thread < 8 ? 13 : 12) {
                        let response = try client.request(
                            "POST", "/v1/complaints",
                            headers: [
                                ("Authorization", "Bearer \(key)"), ("Content-Type", "application/json"),
                            ], body: Array(complaintJSON(title: "T\(thread)-\(index)").utf8))
                        numbers.append(try response.json()["number"]?.string ?? "missing \(response.status)")
                    }
                    return numbers
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(numbers.count == 200)
        #expect(Set(numbers) == Set((1...200).map { CaseNumber(month: "202611", serial: $0).description }))
    }

    @Test func numbersFollowTheConfiguredTimeZonesMonthAndRestartEachMonth() throws {
        let service = try TestService(timeZone: "Asia/Shanghai")
        service.clock.advance(hours: 24 * 8 + 12)  // 2026-11-30T17:40:17Z, already December in Shanghai
        let december = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON())
            .json()
        #expect(december["number"]?.string == "202612-0001")
        let utc = try TestService()
        utc.clock.advance(hours: 24 * 8 + 12)
        #expect(
            try utc.request("POST", "/v1/complaints", key: utc.adminKey, json: complaintJSON()).json()["number"]?.string
                == "202611-0001")
        #expect(
            try utc.request("POST", "/v1/complaints", key: utc.adminKey, json: complaintJSON()).json()["number"]?.string
                == "202611-0002")
        utc.clock.advance(hours: 24)
        #expect(
            try utc.request("POST", "/v1/complaints", key: utc.adminKey, json: complaintJSON()).json()["number"]?.string
                == "202612-0001")
    }

    @Test func serialsWidenPastNineThousandNineHundredAndNinetyNine() throws {
        let service = try TestService()
        _ = try service.database.write {
            try $0.run("INSERT INTO case_serials (month, last_serial) VALUES ('202611', 9998)")
        }
        let numbers = try (0..<2).map { _ in
            try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
                "number"]?.string
        }
        #expect(numbers == ["202611-9999", "202611-10000"])
        #expect(try service.request("GET", "/v1/complaints/202611-10000", key: service.adminKey).status == 200)
    }

    @Test func priorityAndRepeatsAreDecidedAtIntake() throws {
        let service = try TestService()
        let first = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()
        #expect(first["priority"]?.string == "normal")
        #expect(first["repeat_of"] == .null)
        let repeated = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(phone: "+8613800138000")
        ).json()
        #expect(repeated["priority"]?.string == "high")
        #expect(repeated["repeat_of"]?["number"]?.string == first["number"]?.string)
        let critical = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(description: "我要找媒体曝光", subjectRef: nil)
        ).json()
        #expect(critical["priority"]?.string == "critical")
        #expect(critical["priority_reason"]?.string?.contains("media exposure") == true)
        #expect(critical["first_response_due_at"]?.string == "2026-11-22T07:40:17Z")
    }

    @Test func aRepeatIsTheLatestComplaintFromThePhoneOrTheEmailAboutTheSubject() throws {
        let service = try TestService()
        func register(phone: String?, email: String?, ref: String) throws -> String? {
            try service.request(
                "POST", "/v1/complaints", key: service.adminKey,
                json: complaintJSON(phone: phone, email: email, subjectRef: ref)
            ).json()["number"]?.string
        }
        let byPhone = try register(phone: "+86 138 0013 8000", email: nil, ref: "WM-1")
        let byEmail = try register(phone: nil, email: "Wang.Fang@Example.com", ref: "WM-1")
        _ = try register(phone: "+8613800138000", email: nil, ref: "WM-2")
        let latest = { (phone: String?, email: String?, ref: String, since: Int64) in
            try service.database.read { connection in
                try connection.latestComplaint(
                    phone: phone, email: email, subjectRef: ref, since: Instant(seconds: since))?.number.description
            }
        }
        let now = service.clock.now.seconds
        #expect(try latest("+86-138-0013-8000", nil, "WM-1", now - 60) == byPhone)
        #expect(try latest(nil, "wang.fang@example.com", "WM-1", now - 60) == byEmail)
        // Both contacts match: the later complaint wins.
        #expect(try latest("+8613800138000", "wang.fang@example.com", "WM-1", now - 60) == byEmail)
        #expect(try latest("+8613800138000", "other@example.com", "WM-3", now - 60) == nil)
        #expect(try latest("+8613800138000", nil, "WM-1", now + 1) == nil)

        // Each contact is one step in an index of its own, never a scan of the contact's complaints.
        let plan = try service.database.read { connection in
            try connection.query("EXPLAIN QUERY PLAN " + Connection.latestBySubject.text, "+1", "a@b", "WM-1", 0)
                .map { try $0.get(3) as String }
        }
        #expect(
            plan.contains {
                $0.contains("USING INDEX complaints_phone_subject (phone_key=? AND subject_ref=? AND received_at>?)")
            }, "\(plan)")
        #expect(
            plan.contains {
                $0.contains("USING INDEX complaints_email_subject (email_key=? AND subject_ref=? AND received_at>?)")
            }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN complaints") }, "\(plan)")
    }
}
