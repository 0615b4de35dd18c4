import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// Corrective and preventive actions (DOMAIN.md step 10): added to a complaint, listed across
/// complaints, moved from open to done to verified. Each addition and change is also an event on
/// the complaint's timeline.
struct CorrectiveActionRoutes {
    let backend: Backend

    /// Adds these routes to `router`.
    func register(on router: inout Router) {
        router.add(.post, "/v1/complaints/{ref}/corrective-actions") { request, parameters in
            try add(request, ref: parameters["ref"]!)
        }
        router.add(.get, "/v1/corrective-actions") { request, _ in try list(request) }
        router.add(.get, "/v1/corrective-actions/{id}") { request, parameters in
            try show(request, id: parameters["id"]!)
        }
        router.add(.patch, "/v1/corrective-actions/{id}") { request, parameters in
            try change(request, id: parameters["id"]!)
        }
    }

    /// `POST /v1/complaints/{ref}/corrective-actions` `{description, owner, due_at}`: 201 with
    /// the action, open.
    private func add(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["description", "owner", "due_at"])
        let description = body.string("description", required: true)
        let owner = body.string("owner", required: true)
        let dueAt = body.instant("due_at", required: true)
        body.errors += CorrectiveAction.validate(description: description, owner: owner)
        try body.validate()
        let now = backend.now
        let respond: @Sendable (CorrectiveAction) -> HTTPResponse = { action in
            Self.response(
                action, now: now, status: .created, headers: ["Location": "/v1/corrective-actions/\(action.id)"])
        }
        return try backend.casework.addCorrectiveAction(
            description: description!, owner: owner!, dueAt: dueAt!, to: ref,
            by: caller, now: now, claim: claim,
            reply: { respond($0).reply }
        ).response(respond)
    }

    /// `GET /v1/corrective-actions/{id}`.
    private func show(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        let action = try backend.database.read { try $0.correctiveAction(id) }
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
        return Self.response(
            try backend.casework.changeCorrectiveAction(id, to: status!, note: note, by: caller, now: now),
            now: now)
    }

    /// An action as a response.
    static func response(
        _ action: CorrectiveAction, now: Instant, status: HTTPStatus = .ok,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
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
