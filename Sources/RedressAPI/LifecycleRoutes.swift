import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// A complaint's life over HTTP: `POST /v1/complaints/{ref}/{action}`, its notes and its timeline.
struct LifecycleRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        // One route per action, so that an unknown action is a plain 404 and metrics count each apart.
        for action in Action.allCases {
            router.add(.post, "/v1/complaints/{ref}/\(action.rawValue)") { request, parameters in
                try take(action, request, ref: parameters["ref"]!)
            }
        }
        router.add(.post, "/v1/complaints/{ref}/hand-over") { request, parameters in
            try handOver(request, ref: parameters["ref"]!)
        }
        router.add(.post, "/v1/complaints/{ref}/notes") { request, parameters in
            try addNote(request, ref: parameters["ref"]!)
        }
        router.add(.get, "/v1/complaints/{ref}/notes") { request, parameters in
            try notes(request, ref: parameters["ref"]!)
        }
        router.add(.get, "/v1/complaints/{ref}/timeline") { request, parameters in
            try timeline(request, ref: parameters["ref"]!)
        }
    }

    /// Takes `action` on the complaint in one write (`Casework.take`): read it, check `If-Match`,
    /// apply the lifecycle, store it with its events. 200 with the complaint as it now stands.
    private func take(_ action: Action, _ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: action.minimumRole)
        let claim = try IdempotencyClaim(request)
        let input = try ActionBody.input(for: action, from: request)
        // The request's own content is judged before its precondition (RFC 9110 §13.2.1): a body
        // that could never be taken is 422 whatever version If-Match names.
        let errors = input.validate()
        if !errors.isEmpty { throw Problem.validation(errors) }
        let now = backend.now
        let settings = try backend.settings()
        let respond: @Sendable (Complaint) -> HTTPResponse = {
            ComplaintRoutes.response($0, for: caller, settings: settings, now: now)
        }
        let timeLimits = try backend.timeLimits(settings: settings)
        return try backend.casework.take(
            input, on: ref, by: caller, settings: settings, timeLimits: timeLimits, now: now,
            claim: claim,
            precondition: { try ETag.check(request, against: $0) },
            reply: { respond($0).reply }
        ).response(respond)
    }

    /// `{data: [...], next_cursor}`: one page of a list; `next` is null on the last.
    static func page<Item>(
        _ items: [Item], next: String? = nil, write: (Item, inout JSONWriter) -> Void
    ) -> HTTPResponse {
        var json = JSONWriter(capacity: 256 * (items.count + 1))
        json.beginObject()
        json.key("data")
        json.beginArray()
        items.forEach { write($0, &json) }
        json.endArray()
        json.field("next_cursor", next)
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }

    /// A page of a complaint's history (its notes or its events), oldest first, for a caller with
    /// `role` or higher who can see the complaint: `limit` (1 to 200, default 50) and `cursor`, the
    /// position after the last item of the previous page. `fetch` reads, for the caller, the
    /// complaint's items after a position, at most a count; `position` is an item's.
    func historyPage<Item>(
        _ request: HTTPRequest, ref: String, for role: Role,
        fetch: @escaping @Sendable (Transaction, Caller, Int64, Int64, Int) throws -> [Item],
        position: (Item) -> Int64, write: (Item, inout JSONWriter) -> Void
    ) throws -> HTTPResponse
    where Item: Sendable {
        var query = ListQuery(request, allowed: ["limit", "cursor"])
        let limit = query.integer("limit", in: 1...200, default: 50)
        let after = query.cursor { token in Int64(token, radix: 36).flatMap { $0 > 0 ? $0 : nil } } ?? 0
        let parsed = query
        let caller = try backend.caller(of: request, atLeast: role)
        var items = try backend.database.read { connection in
            try parsed.validate()
            let complaint = try connection.complaint(ref, visibleTo: caller)
            return try fetch(connection, caller, complaint.id, after, limit + 1)
        }
        let more = items.count > limit
        if more { items.removeLast() }
        return Self.page(items, next: more ? items.last.map { String(position($0), radix: 36) } : nil, write: write)
    }
}
