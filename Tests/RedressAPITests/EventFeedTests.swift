import Foundation
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct EventFeedTests {
    @Test func theFeedListsEveryComplaintsEventsInOneOrderFromAfter() throws {
        let service = try TestService()
        let first = try service.register()
        let second = try service.register(json: complaintJSON(phone: "13911112222"))
        try service.take([("assess", #"{"valid":true}"#)], on: first)
        let agent = try service.key(.agent)

        let all = try service.request("GET", "/v1/events", key: agent).json()
        let items = all["data"]?.array ?? []
        let timelines = try [first, second].flatMap { id in try service.timeline(id).map { (id, $0) } }
            .sorted { $0.1["seq"]!.int! < $1.1["seq"]!.int! }
        #expect(items.map { $0["seq"]?.int } == timelines.map { $0.1["seq"]?.int })
        #expect(items.map { $0["type"]?.string } == ["complaint.created", "complaint.created", "complaint.assessed"])
        #expect(items.map { $0["complaint"]?["id"]?.int } == [first, second, first])
        #expect(items[0]["complaint"]?["number"]?.string == (try service.complaint(first))["number"]?.string)
        for (item, (_, event)) in zip(items, timelines) {
            for field in ["type", "at", "actor", "from_status", "to_status", "data"] {
                #expect(item[field] == event[field], "\(field)")
            }
        }
        #expect(all["next_after"]?.int == items.last?["seq"]?.int)

        let firstSeq = try #require(items[0]["seq"]?.int)
        let page = try service.request("GET", "/v1/events?after=\(firstSeq)&limit=1", key: agent).json()
        #expect(page["data"]?.array?.map { $0["seq"]?.int } == [items[1]["seq"]?.int])
        #expect(page["next_after"]?.int == items[1]["seq"]?.int)

        let lastSeq = try #require(items.last?["seq"]?.int)
        let caughtUp = try service.request("GET", "/v1/events?after=\(lastSeq)", key: agent).json()
        #expect(caughtUp["data"]?.array?.isEmpty == true)
        #expect(caughtUp["next_after"]?.int == lastSeq)
    }

    @Test(arguments: ["after=-1", "after=x", "limit=0", "limit=1001", "cursor=abc", "after=1&after=2"])
    func aBadFeedQueryIs400(query: String) throws {
        let service = try TestService()
        #expect(try service.request("GET", "/v1/events?\(query)", key: service.adminKey).status == 400)
    }

    @Test(arguments: ["/v1/events", "/v1/events/stream"])
    func theFeedIsForAgentsAndUp(path: String) throws {
        let service = try TestService()
        #expect(try service.request("GET", path).status == 401)
        #expect(try service.request("GET", path, key: service.key(.intake)).status == 403)
        #expect(try service.request("GET", "/v1/events", key: service.key(.agent)).status == 200)
    }

    @Test func aStreamReplaysWhatWasMissedThenSendsNewEventsAsTheyCommit() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let id = try service.register()
        let stream = try EventStreamReader(service, key: agent)
        #expect(stream.head.status == 200)
        #expect(stream.head.header("Content-Type") == "text/event-stream")
        #expect(stream.head.header("Cache-Control") == "no-cache")
        let replayed = try stream.events(1)
        #expect(replayed[0].event == "complaint.created")
        #expect(replayed[0].json?["complaint"]?["id"]?.int == id)

        try service.take([("assess", #"{"valid":true}"#)], on: id)
        let live = try stream.events(1)[0]
        #expect(live.event == "complaint.assessed")
        #expect(live.id == live.json?["seq"]?.int.map(String.init))
        #expect(Int64(live.id ?? "") ?? 0 > Int64(replayed[0].id ?? "") ?? .max)
    }

    @Test func aClientThatReconnectsWithLastEventIDMissesNothing() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let id = try service.register()
        var stream: EventStreamReader? = try EventStreamReader(service, key: agent)
        let seen = try #require(stream?.events(1).last?.id)
        stream = nil

        try service.take(
            [("assess", #"{"valid":true}"#), ("assign", #"{"department":"quality","assignee":"李娜"}"#)], on: id)
        let other = try service.register(json: complaintJSON(phone: "13922223333"))
        let missed = try service.request("GET", "/v1/events?after=\(seen)", key: agent).json()["data"]?.array ?? []
        #expect(missed.count == 3)

        let resumed = try EventStreamReader(service, key: agent, query: "?after=0", lastEventID: seen)
        let replayed = try resumed.events(missed.count)
        #expect(replayed.map(\.id) == missed.map { $0["seq"]?.int.map(String.init) })
        #expect(replayed.map(\.event) == ["complaint.assessed", "complaint.assigned", "complaint.created"])
        try service.take([("withdraw", #"{"reason":"Solved on the phone."}"#)], on: other)
        let next = try resumed.events(1)[0]
        #expect(next.event == "complaint.withdrawn")
        #expect(next.json?["complaint"]?["id"]?.int == other)
    }

    @Test(arguments: [("abc", ""), ("-3", ""), ("", "?after=-1"), ("", "?limit=5")])
    func aBadResumePointIs400(lastEventID: String, query: String) throws {
        let service = try TestService()
        let stream = try EventStreamReader(
            service, key: service.adminKey, query: query,
            lastEventID: lastEventID.isEmpty ? nil : lastEventID)
        #expect(stream.head.status == 400)
    }

    @Test func anIdleStreamGetsHeartbeats() throws {
        let service = try TestService()
        service.runtime.events.heartbeatInterval = .milliseconds(100)
        let stream = try EventStreamReader(service, key: service.adminKey)
        let messages = try (0..<2).map { _ in try #require(try stream.next()) }
        #expect(messages.map(\.comment) == ["heartbeat", "heartbeat"])
        #expect(messages.allSatisfy { $0.id == nil && $0.data == nil })
    }

    @Test func fiftyIdleStreamsHoldNoWorkerThreads() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        // More streams than the 16 workers: a stream that held a worker would leave none to answer.
        let streams = try (0..<50).map { _ in try EventStreamReader(service, key: agent) }
        #expect(streams.allSatisfy { $0.head.status == 200 })

        let id = try service.register()
        #expect(try service.request("GET", "/v1/complaints/\(id)", key: agent).status == 200)
        #expect(try service.request("GET", "/healthz").status == 200)
        for stream in streams {
            let event = try stream.events(1)[0]
            #expect(event.event == "complaint.created")
            #expect(event.json?["complaint"]?["id"]?.int == id)
        }
    }

    @Test func aSubscriberWhoseBufferIsFullCatchesUpFromTheDatabaseWithoutLossOrRepeats() throws {
        let service = try TestService()
        let writer = FillingWriter()
        service.runtime.events.subscribe(writer, after: 0)
        for index in 0..<3 { _ = try service.register(json: complaintJSON(phone: "1380000000\(index)")) }
        #expect(eventually { writer.declined > 0 })
        #expect(writer.takenIDs.isEmpty)

        writer.isFull = false
        let stored = try service.database.read { try $0.events(after: 0, limit: 100) }.map(\.seq)
        #expect(stored.count == 3)
        #expect(eventually { writer.takenIDs == stored })
        _ = try service.register(json: complaintJSON(phone: "13800000009"))
        #expect(eventually { writer.takenIDs.count == 4 })
        #expect(writer.takenIDs == (try service.database.read { try $0.events(after: 0, limit: 100) }.map(\.seq)))
        writer.finish()
    }

    @Test func finishingTheHubEndsEveryStreamAndADrainingServiceRefusesNewOnes() throws {
        let service = try TestService()
        let stream = try EventStreamReader(service, key: service.adminKey)
        #expect(stream.head.status == 200)
        service.runtime.events.finish()
        #expect(try stream.next() == nil)

        service.runtime.beginDraining()
        let refused = try EventStreamReader(service, key: service.adminKey)
        #expect(refused.head.status == 503)
    }
}
