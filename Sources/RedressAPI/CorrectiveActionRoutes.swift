import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

/// Corrective and preventive actions (DOMAIN.md step 10): added to a complaint, listed across
/// complaints, moved from open to done to verified. Each addition and change is also an event on
/// the complaint's timeline.
struct CorrectiveActionRoutes {
    let backend: Backend

    /// The type of the event recorded when an action is added to a complaint.
    static let addedEvent = "complaint.corrective_action_added"
    /// The type of the event recorded when an action's status or note changes.
    static let updatedEvent = "complaint.corrective_action_updated"

    /// Adds these routes to `router`.
    func register(on router: inout Router) {
        router.add(.post, "/v1/complaints/{ref}/corrective-actions") { request, parameters in
            try add(request, ref: parameters["ref"]!)
        }
        router.add(.get, "/v1/corrective-actions") { request, _ in try list(request) }
        router.add(.get, "/v1/corrective-actions/{id}") { request, parameters in try show(request, id: parameters["id"]!) }
        router.add(.patch, "/v1/corrective-actions/{id}") { request, parameters in
            try change(request, id: parameters["id"]!)
        }
    }

    /// `POST /v1/complaints/{ref}/corrective-actions` `{description, owner, due_at}`: 201 with
    /// the action, open.
    private func add(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let idempotency = try Idempotency(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["description", "owner", "due_at"])
        let description = body.string("description", required: true)
        let owner = body.string("owner", required: true)
        let dueAt = body.instant("due_at", required: true)
        body.errors += CorrectiveAction.validate(description: description, owner: owner)
        try body.validate()
        let now = backend.now
        return try backend.write(idempotency, by: caller, now: now) { connection in
            let complaint = try ComplaintRoutes.complaint(ref, visibleTo: caller, on: connection)
            let action = try connection.insertCorrectiveAction(CorrectiveAction(
                id: 0, complaint: Complaint.Reference(id: complaint.id, number: complaint.number), description: description!,
                owner: owner!, dueAt: dueAt!, createdAt: now, updatedAt: now))
            let event = DomainEvent(type: Self.addedEvent, fromStatus: complaint.status, toStatus: complaint.status, data: [
                ("id", .int(action.id)), ("description", .string(action.description)),
                ("status", .string(action.status.rawValue)), ("owner", .string(action.owner)), ("due_at", EventValue(action.dueAt)),
            ])
            try ComplaintRoutes.save(complaint, over: complaint, events: [event], by: caller.name, at: now, on: connection)
            return Self.response(action, now: now, status: .created,
                                 headers: ["Location": "/v1/corrective-actions/\(action.id)"])
        }
    }

    /// `GET /v1/corrective-actions/{id}`.
    private func show(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        let action = try backend.database.read { try Self.action(id, on: $0) }
        return Self.response(action, now: backend.now)
    }

    /// `PATCH /v1/corrective-actions/{id}` `{status, note?}`: moves the action along
    /// (`CorrectiveActionStatus.next`); verifying needs a supervisor. A request that changes
    /// nothing is answered 200 and records nothing; 409 for a move the rules do not allow.
    private func change(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        var body = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        body.rejectUnknown(["status", "note"])
        let status: CorrectiveActionStatus? = body.choice("status", required: true)
        let note = body.string("note")
        body.errors += CorrectiveAction.validate(note: note)
        try body.validate()
        try Authenticator.require(status!.minimumRole, of: caller)
        let now = backend.now
        return try backend.write { connection in
            let current = try Self.action(id, on: connection)
            var changed = current
            changed.status = status!
            changed.note = note ?? current.note
            guard changed != current else { return Self.response(current, now: now) }
            guard current.status.next.contains(status!) || (current.status == status && current.status != .verified) else {
                throw Self.refusal(from: current.status, to: status!)
            }
            changed.updatedAt = now
            try connection.updateCorrectiveAction(changed)
            guard let complaint = try connection.complaint(id: current.complaint.id) else {
                throw StoreError.corrupt("corrective action \(current.id) names no complaint")
            }
            let unchanged = complaint.status
            let event = DomainEvent(type: Self.updatedEvent, fromStatus: unchanged, toStatus: unchanged, data: [
                ("id", .int(changed.id)), ("status", .string(changed.status.rawValue)),
                ("previous_status", .string(current.status.rawValue)), ("owner", .string(changed.owner)),
                ("due_at", EventValue(changed.dueAt)), ("note", EventValue(changed.note)),
            ])
            try ComplaintRoutes.save(complaint, over: complaint, events: [event], by: caller.name, at: now, on: connection)
            return Self.response(changed, now: now)
        }
    }

    /// 409 naming the statuses the action can move to.
    private static func refusal(from current: CorrectiveActionStatus, to wanted: CorrectiveActionStatus) -> Problem {
        let names = current.next.map(\.rawValue)
        let open = names.isEmpty ? "it is final" : "it can move to \(names.joined(separator: " or "))"
        return Problem(.conflict, slug: "invalid-transition", title: "Invalid Transition",
                       detail: "A corrective action that is \(current.rawValue) cannot become \(wanted.rawValue); \(open).",
                       extensions: [("allowed_statuses", .array(names.map(JSONValue.string)))])
    }

    /// The action a path's `{id}` names; 404 otherwise.
    static func action(_ id: String, on connection: Connection) throws -> CorrectiveAction {
        guard let number = Backend.id(id), let action = try connection.correctiveAction(id: number)
        else { throw Problem.notFound("No corrective action \(id) exists.") }
        return action
    }

    /// An action as a response.
    static func response(_ action: CorrectiveAction, now: Instant, status: HTTPStatus = .ok,
                         headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var json = JSONWriter(capacity: 512)
        write(action, now: now, into: &json)
        return Backend.json(status, json.bytes, headers: headers)
    }

    /// `{id, complaint: {id, number}, description, owner, due_at, status, note, created_at,
    /// updated_at, overdue}`, with `overdue` judged at `now`.
    static func write(_ action: CorrectiveAction, now: Instant, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", action.id)
        json.key("complaint")
        json.beginObject()
        json.field("id", action.complaint.id)
        json.field("number", action.complaint.number.description)
        json.endObject()
        json.field("description", action.description)
        json.field("owner", action.owner)
        json.field("due_at", action.dueAt)
        json.field("status", action.status.rawValue)
        json.field("note", action.note)
        json.field("created_at", action.createdAt)
        json.field("updated_at", action.updatedAt)
        json.field("overdue", action.isOverdue(at: now))
        json.endObject()
    }
}
