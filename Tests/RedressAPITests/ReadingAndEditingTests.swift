import Foundation
import Synchronization
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct ReadingAndEditingTests {
    @Test func aComplaintIsFoundByIdOrByNumber() throws {
        let service = try TestService()
        let created = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()
        let byID = try service.request("GET", "/v1/complaints/\(created["id"]!.int!)", key: service.adminKey)
        let byNumber = try service.request("GET", "/v1/complaints/\(created["number"]!.string!)", key: service.adminKey)
        #expect(byID.status == 200)
        #expect(byID.body == byNumber.body)
        #expect(byID.header("ETag") == "\"1\"")
        for missing in ["999", "202611-0002", "0", "-1", "abc", "202611-1"] {
            let response = try service.request("GET", "/v1/complaints/\(missing)", key: service.adminKey)
            #expect(response.status == 404, "\(missing)")
        }
    }

    @Test func aComplaintIsStillServedWhileEveryReaderIsBusyAndTheLoopsKeepAnswering() throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        // Every reader is lent to a long read.
        let database = service.database, port = service.port, key = service.adminKey
        let readers = database.configuration.readerCount
        let holding = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let held = DispatchGroup()
        for _ in 0..<readers {
            DispatchQueue.global().async(group: held) {
                try? database.read { _ in
                    holding.add(1, ordering: .relaxed)
                    release.wait()
                }
            }
        }
        while holding.load(ordering: .relaxed) < readers { usleep(1_000) }
        // The event loop cannot read the complaint itself, so a worker waits for a reader...
        let answer = Mutex<TestClient.Response?>(nil)
        let asked = DispatchGroup()
        DispatchQueue.global().async(group: asked) {
            let response = try? TestClient(port: port).request(
                "GET", "/v1/complaints/\(id)", headers: [("Authorization", "Bearer \(key)")])
            answer.withLock { $0 = response }
        }
        let waiting = Date().addingTimeInterval(10)
        while database.waitingForReaders == 0, Date() < waiting { usleep(1_000) }
        #expect(database.waitingForReaders == 1)
        #expect(answer.withLock { $0 } == nil)
        // ...while the loops go on answering other connections.
        #expect(try service.request("GET", "/healthz").status == 200)
        for _ in 0..<readers { release.signal() }
        held.wait()
        asked.wait()
        #expect(answer.withLock { $0 }?.status == 200)
        #expect(try answer.withLock { $0 }?.json()["id"]?.int == id)
    }

    @Test func aMergePatchEditsOnlyWhatItNamesAndBumpsTheVersion() throws {
        let service = try TestService()
        let agent = try service.key(.agent, name: "李娜")
        let created = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(email: "wang@example.com", extra: #","tags":["a"]"#)
        ).json()
        let id = created["id"]!.int!
        let patched = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: agent,
            json: """
                {"title":"Leak under the drum","complainant":{"phone":null},"subject":{"name":"Drum 7kg"},"tags":null,"category":"product_quality"}
                """, headers: [("Content-Type", "application/merge-patch+json"), ("If-Match", "\"1\"")])
        #expect(patched.status == 200)
        #expect(patched.header("ETag") == "\"2\"")
        let body = try patched.json()
        #expect(body["version"]?.int == 2)
        #expect(body["title"]?.string == "Leak under the drum")
        #expect(body["description"]?.string == created["description"]?.string)
        #expect(body["complainant"]?["phone"] == .null)
        #expect(body["complainant"]?["email"]?.string == "wang@example.com")
        #expect(body["complainant"]?["name"]?.string == "王芳")
        #expect(body["subject"]?["ref"]?.string == "WM-200")
        #expect(body["subject"]?["name"]?.string == "Drum 7kg")
        #expect(body["tags"]?.array?.isEmpty == true)
        #expect(body["category"]?.string == "product_quality")
        let events = try service.database.read { try $0.events(complaintID: id) }
        #expect(events.map(\.type) == ["complaint.created", "complaint.updated"])
        #expect(events.last?.actor == "李娜")
        let changed = try JSONParser.parse(events.last!.data)["changed"]?.array?.compactMap(\.string)
        #expect(changed == ["title", "tags", "category", "subject", "complainant"])
        // The search follows the edit: the new words are found, the replaced ones no longer.
        func found(_ text: String) throws -> [Int64] {
            let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            return try service.request("GET", "/v1/complaints?q=\(query)", key: agent).json()["data"]?.array?.compactMap
            { $0["id"]?.int } ?? []
        }
        #expect(try found("under the drum") == [id])
        #expect(try found("Drum 7kg") == [id])
        #expect(try found(created["title"]!.string!).isEmpty)
    }

    @Test func aStaleIfMatchIs412AndChangesNothing() throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        let stale = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: #"{"title":"New"}"#,
            headers: [("If-Match", "\"7\"")])
        #expect(stale.status == 412)
        #expect(stale.header("ETag") == "\"1\"")
        let weak = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: #"{"title":"New"}"#,
            headers: [("If-Match", "W/\"1\"")])
        #expect(weak.status == 412)
        let current = try service.request("GET", "/v1/complaints/\(id)", key: service.adminKey).json()
        #expect(current["version"]?.int == 1)
        #expect(current["title"]?.string == "Washing machine leaks")
        let any = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: #"{"title":"New"}"#,
            headers: [("If-Match", "*")])
        #expect(any.status == 200)
    }

    @Test(arguments: ["3", "\"3", "W/3", "\"1\" \"2\"", "*, \"7\""])
    func aMalformedIfMatchMatchesNoVersion(header: String) throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        let response = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: #"{"title":"New"}"#,
            headers: [("If-Match", header)])
        #expect(response.status == 412)
        #expect(try service.request("GET", "/v1/complaints/\(id)", key: service.adminKey).json()["version"]?.int == 1)
    }

    // An unknown category is judged on the database, yet it is the patch's content like the rest.
    @Test(arguments: [#"{"title":""}"#, #"{"category":"  "}"#, #"{"category":"moon_rocks"}"#])
    func anInvalidPatchIs422EvenWithAStaleIfMatch(patch: String) throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        let response = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: patch,
            headers: [("If-Match", "\"9\"")])
        #expect(response.status == 422)
    }

    @Test(arguments: [
        (#"{"status":"closed"}"#, "status"), (#"{"title":""}"#, "title"), (#"{"title":null}"#, "title"),
        (#"{"complainant":{"phone":null}}"#, "complainant"), (#"{"subject":{"type":"planet"}}"#, "subject.type"),
        (#"{"category":"unknown"}"#, "category"), (#"{"tags":[1]}"#, "tags[0]"),
    ])
    func anInvalidPatchIs422AndChangesNothing(patch: String, field: String) throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        let response = try service.request("PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: patch)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        #expect(try service.request("GET", "/v1/complaints/\(id)", key: service.adminKey).json()["version"]?.int == 1)
    }

    @Test func aPatchThatChangesNothingKeepsTheVersion() throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        let response = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: #"{"title":"Washing machine leaks"}"#)
        #expect(response.status == 200)
        #expect(try response.json()["version"]?.int == 1)
        #expect(try service.database.read { try $0.events(complaintID: id) }.count == 1)
    }

    @Test func historyCannotBeRewrittenEvenBySQL() throws {
        let service = try TestService()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        #expect(throws: (any Error).self) {
            try service.database.write {
                try $0.run("UPDATE complaint_events SET type = 'x' WHERE complaint_id = ?", id)
            }
        }
        #expect(throws: (any Error).self) {
            try service.database.write { try $0.run("DELETE FROM complaint_events WHERE complaint_id = ?", id) }
        }
        #expect(try service.database.read { try $0.events(complaintID: id) }.map(\.type) == ["complaint.created"])
    }
}
