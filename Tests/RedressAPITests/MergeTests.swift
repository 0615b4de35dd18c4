import Dispatch
import Testing
import JSON
import RedressDomain
import Synchronization
import TestClient
@testable import RedressAPI

/// "A duplicate complaint is merged into the first and handled once": the duplicate ends as
/// `merged`, its history stays readable, and both timelines, the feed and the summary say so.
@Suite struct MergeTests {
    private func merge(
        _ service: TestService, _ id: Int64, into: String, key: String? = nil, headers: [(String, String)] = []
    ) throws -> TestClient.Response {
        try service.act(
            "merge", on: id, key: key ?? service.adminKey,
            json: #"{"into":"\#(into)","reason":"王芳 called twice about the same leak."}"#, headers: headers)
    }

    @Test func aDuplicateIsClosedAsMergedAndBothTimelinesTheFeedAndTheSummarySayWhich() throws {
        let service = try TestService()
        let agent = try service.key(.agent, name: "李娜")
        let survivor = try service.registerTracked()
        let duplicate = try service.registerTracked(json: complaintJSON(channel: "web"))
        let survivorNumber = survivor.number
        try service.take(Array(toInvestigating.prefix(2)) + [contactStep], on: duplicate.id)
        #expect(
            try service.request(
                "POST", "/v1/complaints/\(duplicate.id)/notes", key: agent,
                json: #"{"body":"Same leak as the phone call this morning."}"#
            ).status == 201)
        let versionBefore = try #require(service.complaint(duplicate.id)["version"]?.int)
        let survivorBefore = try service.complaint(survivor.id)

        let merged = try merge(
            service, duplicate.id, into: survivorNumber, key: agent, headers: [("If-Match", "\"\(versionBefore)\"")])
        #expect(merged.status == 200, "\(merged.text)")
        let body = try merged.json()
        #expect(body["status"]?.string == "merged")
        #expect(body["allowed_actions"]?.strings == [])
        #expect(body["merged_into"]?["id"]?.int == survivor.id)
        #expect(body["merged_into"]?["number"]?.string == survivorNumber)
        #expect(body["closed_at"]?.string == service.clock.now.rfc3339)
        #expect(body["version"]?.int == versionBefore + 1)
        // Nobody reopens a merged complaint, not even an admin.
        #expect(try service.complaint(duplicate.id)["allowed_actions"]?.strings == [])
        #expect(
            try service.act("reopen", on: duplicate.id, key: service.adminKey, json: #"{"reason":"x"}"#).status == 409)

        let recorded = try #require(service.timeline(duplicate.id).last)
        #expect(recorded["type"]?.string == "complaint.merged")
        #expect(recorded["to_status"]?.string == "merged")
        #expect(recorded["data"]?["survivor"]?.string == survivorNumber)
        #expect(recorded["data"]?["reason"]?.string == "王芳 called twice about the same leak.")
        let told = try #require(service.timeline(survivor.id).last)
        #expect(told["type"]?.string == "complaint.merged")
        #expect(told["data"]?["duplicate"]?.string == duplicate.number)
        #expect(told["data"]?["duplicate_id"]?.int == duplicate.id)
        #expect(told["from_status"]?.string == "received" && told["to_status"]?.string == "received")
        // The survivor's timeline grows; the survivor itself does not change.
        #expect(try service.complaint(survivor.id) == survivorBefore)

        // The duplicate's history stays readable: its notes, its contact, its timeline.
        let notes = try service.request("GET", "/v1/complaints/\(duplicate.id)/notes", key: agent).json()
        #expect(notes["data"]?[0]?["body"]?.string == "Same leak as the phone call this morning.")
        #expect(try service.timeline(duplicate.id).contains { $0["type"]?.string == "complaint.contacted" })

        // The customer of the duplicate is pointed to the survivor.
        let view = try service.track(duplicate.number, code: duplicate.code).json()
        #expect(view["status"]?.string == "merged")
        #expect(view["merged_into"]?.string == survivorNumber)
        #expect(view["status_label"]?.string == StatusLabel.text(for: .merged, in: .english))
        #expect(try service.track(survivor.number, code: survivor.code).json()["merged_into"] == .null)

        let feed = try service.request("GET", "/v1/events?limit=200", key: service.adminKey).json()
        let merges = (feed["data"]?.array ?? []).filter { $0["type"]?.string == "complaint.merged" }
        #expect(
            merges.compactMap { $0["complaint"]?["number"]?.string }.sorted()
                == [survivorNumber, duplicate.number].sorted())
        let summary = try service.request("GET", "/v1/stats/summary", key: service.adminKey).json()
        #expect(summary["merged"]?.int == 1)
        #expect(summary["by_status"]?["merged"]?.int == 1)
        let listed = try service.request("GET", "/v1/complaints?status=merged", key: agent).json()
        #expect(listed["data"]?.array?.compactMap { $0["id"]?.int } == [duplicate.id])
    }

    @Test func aMergeIntoItselfAnEndedAMergedOrAnUnknownComplaintIs422NamingIntoAndChangesNothing() throws {
        let service = try TestService()
        let first = try service.register()
        let second = try service.register()
        let third = try service.register()
        let withdrawn = try service.register()
        try service.take([("withdraw", #"{"reason":"Sorted out"}"#)], on: withdrawn)
        #expect(try merge(service, second, into: "\(first)").status == 200)
        let number = { (id: Int64) in try #require(try service.complaint(id)["number"]?.string) }
        let version = try #require(try service.complaint(third)["version"]?.int)
        for (into, words) in [
            ("\(third)", "not merged into itself"), (try number(third), "not merged into itself"),
            ("\(withdrawn)", "is withdrawn"), ("\(second)", "is merged itself; merge into \(try number(first))"),
            ("202001-9999", "no complaint 202001-9999 exists"), ("987654", "no complaint 987654 exists"),
            ("first one", "id or case number"), ("-1", "id or case number"),
        ] {
            let refused = try merge(service, third, into: into)
            #expect(refused.status == 422, "\(into): \(refused.text)")
            let error = try refused.json()["errors"]?[0]
            #expect(error?["field"]?.string == "into", "\(into)")
            #expect(error?["message"]?.string?.contains(words) == true, "\(into): \(refused.text)")
        }
        for (body, field) in [
            (#"{"into":"1"}"#, "reason"), (#"{"reason":"dup"}"#, "into"), (#"{"into":"1","reason":" "}"#, "reason"),
            (#"{"into":1,"reason":"dup"}"#, "into"), (#"{"into":"1","reason":"dup","also":"2"}"#, "also"),
            (#"{"into":"1\u0007","reason":"dup"}"#, "into"),
            (#"{"into":"1","reason":"\#(String(repeating: "长", count: 20_001))"}"#, "reason"),
        ] {
            let refused = try service.act("merge", on: third, key: service.adminKey, json: body)
            #expect(refused.status == 422, "\(body.prefix(60))")
            #expect(try refused.json()["errors"]?[0]?["field"]?.string == field, "\(body.prefix(60))")
        }
        #expect(try service.complaint(third)["version"]?.int == version)
        #expect(try service.complaint(third)["status"]?.string == "received")
        // A merged complaint takes no second merge; an intake key takes none at all.
        #expect(try merge(service, second, into: "\(third)").status == 409)
        #expect(try merge(service, third, into: "\(first)", key: try service.key(.intake)).status == 403)
        #expect(try merge(service, third, into: "\(first)", headers: [("If-Match", "\"9\"")]).status == 412)
        #expect(try service.timeline(third).allSatisfy { $0["type"]?.string != "complaint.merged" })
    }

    @Test func twoMergesOfAPairAtOnceLeaveOneSurvivorAndNoLoop() throws {
        let service = try TestService()
        let ids = [try service.register(), try service.register()]
        let statuses = Mutex<[Int]>([])
        let (port, key) = (service.port, service.adminKey)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let response = try? TestClient(port: port).request(
                "POST", "/v1/complaints/\(ids[index])/merge",
                headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")],
                body: Array(#"{"into":"\#(ids[1 - index])","reason":"Same case"}"#.utf8))
            statuses.withLock { $0.append(response?.status ?? 0) }
        }
        // The loser finds either itself merged (409) or its survivor merged (422), never both merged.
        let seen = statuses.withLock { $0.sorted() }
        #expect(seen == [200, 409] || seen == [200, 422], "\(seen)")
        let merged = try ids.filter { try service.complaint($0)["status"]?.string == "merged" }
        #expect(merged.count == 1)
    }

    @Test func aMergeRetriedWithItsIdempotencyKeyIsAnsweredAgainWithoutASecondRecord() throws {
        let service = try TestService()
        let first = try service.register()
        let second = try service.register()
        let headers = [("Idempotency-Key", "merge-\(second)")]
        let once = try merge(service, second, into: "\(first)", headers: headers)
        let again = try merge(service, second, into: "\(first)", headers: headers)
        #expect(once.status == 200 && again.status == 200)
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(again.body == once.body)
        #expect(try service.timeline(first).filter { $0["type"]?.string == "complaint.merged" }.count == 1)
    }
}
