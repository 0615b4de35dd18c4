import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

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
        router.add(.post, "/v1/complaints/{ref}/notes") { request, parameters in try addNote(request, ref: parameters["ref"]!) }
        router.add(.get, "/v1/complaints/{ref}/notes") { request, parameters in try notes(request, ref: parameters["ref"]!) }
        router.add(.get, "/v1/complaints/{ref}/timeline") { request, parameters in
            try timeline(request, ref: parameters["ref"]!)
        }
    }

    /// Takes `action` on the complaint in one write: read it, check `If-Match`, apply the
    /// lifecycle, store it with its events. 200 with the complaint as it now stands.
    private func take(_ action: Action, _ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: action.minimumRole)
        let idempotency = try Idempotency(request)
        let input = try ActionBody.input(for: action, from: request)
        // The request's own content is judged before its precondition (RFC 9110 §13.2.1): a body
        // that could never be taken is 422 whatever version If-Match names.
        let errors = input.validate()
        if !errors.isEmpty { throw Problem.validation(errors) }
        let now = backend.now
        let settings = try backend.settings()
        let actor = caller.actor
        return try backend.write(idempotency, by: caller, now: now) { connection in
            let current = try ComplaintRoutes.complaint(ref, visibleTo: caller, on: connection)
            try ETag.check(request, against: current)
            let changed = try Self.take(input, on: current, by: actor, settings: settings, now: now, on: connection)
            return ComplaintRoutes.response(changed, for: caller, settings: settings, now: now)
        }
    }

    /// Inside a write: takes `input` on `current` as `actor` and stores the outcome with its
    /// events; the complaint as it now stands. Staff actions and the complainant's own feedback
    /// both come through here.
    static func take(_ input: ActionInput, on current: Complaint, by actor: Actor, settings: Settings, now: Instant,
                     on connection: Connection) throws -> Complaint {
        let transition = try apply(input, to: current, by: actor, settings: settings, now: now, on: connection)
        try ComplaintRoutes.save(transition.complaint, over: current, events: transition.events, by: actor.name, at: now,
                                 on: connection)
        return transition.complaint
    }

    /// `{data: [...], next_cursor}`: one page of a list; `next` is null on the last.
    static func page<Item>(_ items: [Item], next: String? = nil, write: (Item, inout JSONWriter) -> Void) -> HTTPResponse {
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
    func historyPage<Item>(_ request: HTTPRequest, ref: String, for role: Role,
                           fetch: @escaping @Sendable (Connection, Caller, Int64, Int64, Int) throws -> [Item],
                           position: (Item) -> Int64, write: (Item, inout JSONWriter) -> Void) throws -> HTTPResponse
    where Item: Sendable {
        var query = ListQuery(request, allowed: ["limit", "cursor"])
        let limit = query.integer("limit", in: 1...200, default: 50)
        let after = query.cursor { token in Int64(token, radix: 36).flatMap { $0 > 0 ? $0 : nil } } ?? 0
        let parsed = query
        let caller = try backend.caller(of: request, atLeast: role)
        var items = try backend.database.read { connection in
            try parsed.validate()
            let complaint = try ComplaintRoutes.complaint(ref, visibleTo: caller, on: connection)
            return try fetch(connection, caller, complaint.id, after, limit + 1)
        }
        let more = items.count > limit
        if more { items.removeLast() }
        return Self.page(items, next: more ? items.last.map { String(position($0), radix: 36) } : nil, write: write)
    }

    /// The lifecycle's transition, with the departments and categories the input names checked
    /// against the database; the lifecycle's refusals as problems.
    private static func apply(_ input: ActionInput, to complaint: Complaint, by actor: Actor, settings: Settings,
                              now: Instant, on connection: Connection) throws -> Transition {
        var categoryErrors: [FieldError] = []
        if case .assess(let assessment) = input, let category = assessment.category, try !connection.categoryExists(category) {
            categoryErrors.append(FieldError("category", "is not a known category; GET /v1/categories lists them"))
        }
        let transition: Transition
        do {
            transition = try Lifecycle.apply(input, to: complaint, by: actor, settings: settings, now: now,
                                             departmentExists: { (try? connection.departmentExists($0)) ?? false })
        } catch {
            throw problem(for: error, taking: input.action, alongside: categoryErrors)
        }
        if !categoryErrors.isEmpty { throw Problem.validation(categoryErrors) }
        return transition
    }

    /// 403, 409 with `allowed_actions`, or 422 with every field error (`more` too).
    private static func problem(for error: LifecycleError, taking action: Action, alongside more: [FieldError]) -> Problem {
        switch error {
        case .forbidden(let required):
            return Problem(.forbidden, slug: "forbidden", title: "Forbidden",
                           detail: "\(action.rawValue) needs the \(required.rawValue) role or higher.")
        case .notAllowed(let status, let allowed):
            let names = allowed.map(\.rawValue)
            let open = names.isEmpty ? "this key can take no action on it now"
                : "the actions this key can take now are \(names.joined(separator: ", "))"
            return Problem(.conflict, slug: "invalid-transition", title: "Invalid Transition",
                           detail: "A complaint that is \(status.rawValue) cannot take \(action.rawValue); \(open).",
                           extensions: [("allowed_actions", .array(names.map(JSONValue.string)))])
        case .invalid(let errors):
            return Problem.validation(errors + more)
        }
    }
}
