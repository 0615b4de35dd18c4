import HTTP
import JSON
import RedressDomain
import RedressStore

/// `/v1/events`: every event of every complaint in its global order, for other backend to
/// follow, as pages to poll or as a stream of server-sent events. Agents and up.
struct EventRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.get, "/v1/events") { request, _ in try list(request) }
        router.add(.get, "/v1/events/stream") { request, _ in try stream(request) }
    }

    /// `GET /v1/events?after=&limit=`: up to `limit` (1–1000, default 100) events after the
    /// sequence number `after` (default 0), oldest first, and `next_after`, the `after` that
    /// continues from there (the last event's `seq`, or the given `after` when there is none yet).
    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        var query = ListQuery(request, allowed: ["after", "limit"])
        let after = query.integer("after", in: 0...Int.max, default: 0)
        let limit = query.integer("limit", in: 1...1000, default: 100)
        try query.validate()
        let events = try backend.database.read { try $0.events(after: Int64(after), limit: limit) }
        var json = JSONWriter(capacity: 128 + events.count * 384)
        json.beginObject()
        json.key("data")
        json.beginArray()
        events.forEach { EventJSON.write($0, withComplaint: true, into: &json) }
        json.endArray()
        json.field("next_after", events.last?.seq ?? Int64(after))
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }

    /// `GET /v1/events/stream`: the events as `text/event-stream`
    /// (https://html.spec.whatwg.org/multipage/server-sent-events.html), each with its `seq` as id
    /// and its type as event name. It starts after `Last-Event-ID`, which a reconnecting
    /// `EventSource` sends, else after `?after=` (default 0): stored events are replayed first,
    /// then new ones follow as they commit, with a `: heartbeat` comment every 15 s. No thread
    /// waits on the stream: the hub pushes to it.
    private func stream(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        var query = ListQuery(request, allowed: ["after"])
        var after = Int64(query.integer("after", in: 0...Int.max, default: 0))
        if let lastEventID = request.headers["Last-Event-ID"] {
            guard let seq = Int64(lastEventID.trimmingWhitespace), seq >= 0 else {
                throw Problem.badRequest("Last-Event-ID must be the seq of an event, a whole number from 0.")
            }
            after = seq
        }
        try query.validate()
        guard !backend.runtime.isDraining else {
            throw Problem(
                .serviceUnavailable, slug: "shutting-down", title: "Service Unavailable",
                detail: "The service is shutting down; reconnect with Last-Event-ID.", headers: ["Retry-After": "10"])
        }
        let hub = backend.runtime.events
        let start = after
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"],
            body: .stream { writer in hub.subscribe(writer, after: start) })
    }

    /// One event as a server-sent event. The JSON is one line (the writer escapes line breaks in
    /// strings), as a `data:` field must be.
    static func frame(_ event: EventRecord) -> [UInt8] {
        var json = JSONWriter(capacity: 384)
        EventJSON.write(event, withComplaint: true, into: &json)
        return Array("id: \(event.seq)\nevent: \(event.type)\ndata: ".utf8) + json.bytes + Array("\n\n".utf8)
    }
}
