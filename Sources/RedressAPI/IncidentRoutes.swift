import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/incidents`: complaints with one cause, grouped (`Incident`). Supervisors open, edit and
/// resolve incidents; agents read them and link and unlink complaints.
struct IncidentRoutes {
    let backend: Backend

    /// Adds these routes to `router`.
    func register(on router: inout Router) {
        router.add(.post, "/v1/incidents") { request, _ in try open(request) }
        router.add(.get, "/v1/incidents") { request, _ in try list(request) }
        router.add(.get, "/v1/incidents/{id}") { request, parameters in try show(request, id: parameters["id"]!) }
        router.add(.patch, "/v1/incidents/{id}") { request, parameters in try edit(request, id: parameters["id"]!) }
        router.add(.post, "/v1/incidents/{id}/complaints/{ref}") { request, parameters in
            try link(request, id: parameters["id"]!, ref: parameters["ref"]!)
        }
        router.add(.delete, "/v1/incidents/{id}/complaints/{ref}") { request, parameters in
            try unlink(request, id: parameters["id"]!, ref: parameters["ref"]!)
        }
        router.add(.post, "/v1/incidents/{id}/resolve") { request, parameters in
            try resolve(request, id: parameters["id"]!)
        }
    }

    /// `POST /v1/incidents` (supervisor) `{title, description, public_statement?}`: 201 with the
    /// incident, open, its `Location` and `ETag`.
    private func open(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .supervisor)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["title", "description", "public_statement"])
        let title = body.string("title", required: true)
        let description = body.string("description", required: true)
        let statement = body.string("public_statement")
        body.errors += Incident.validate(title: title, description: description, publicStatement: statement)
        try body.validate()
        let respond: @Sendable (Incident) -> HTTPResponse = {
            Self.response($0, status: .created, headers: ["Location": "/v1/incidents/\($0.id)"])
        }
        return try backend.casework.openIncident(
            title: title!, description: description!, publicStatement: statement, by: caller, now: backend.now,
            claim: claim, reply: { respond($0).reply }
        ).response(respond)
    }

    /// `GET /v1/incidents?status=&limit=&cursor=` (agent): a page of incidents, newest first.
    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        var query = ListQuery(request, allowed: ["status", "limit", "cursor"])
        let statuses: [Incident.Status] = query.choices("status")
        let limit = query.integer("limit", in: 1...200, default: 50)
        let after = query.cursor { token in Int64(token, radix: 36).flatMap { $0 > 0 ? $0 : nil } }
        try query.validate()
        let page = try backend.database.read { try $0.incidents(statuses: statuses, after: after, limit: limit) }
        return LifecycleRoutes.page(page.incidents, next: page.next.map { String($0, radix: 36) }) { incident, json in
            Self.write(incident, into: &json)
        }
    }

    /// `GET /v1/incidents/{id}` (agent), with its `ETag`.
    private func show(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        return Self.response(try backend.database.read { try $0.incident(id) })
    }

    /// `PATCH /v1/incidents/{id}` (supervisor): a JSON merge patch of `title`, `description` and
    /// `public_statement` (null withdraws the statement), honouring `If-Match`.
    private func edit(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        var body = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        body.rejectUnknown(["title", "description", "public_statement"])
        let title = body.has("title") ? body.string("title", required: true) : nil
        let description = body.has("description") ? body.string("description", required: true) : nil
        let touchesStatement = body.has("public_statement")
        let statement = body.string("public_statement")
        body.errors += Incident.validate(title: title, description: description, publicStatement: statement)
        try body.validate()
        let incident = try backend.casework.changeIncident(
            id, now: backend.now, precondition: { try ETag.check(request, against: $0) }
        ) { incident in
            incident.title = title ?? incident.title
            incident.description = description ?? incident.description
            if touchesStatement { incident.publicStatement = statement }
        }
        return Self.response(incident)
    }

    /// `POST /v1/incidents/{id}/complaints/{ref}` (agent): links the complaint, honouring
    /// `If-Match` on the complaint; 200 with the complaint as it now stands.
    private func link(_ request: HTTPRequest, id: String, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let claim = try IdempotencyClaim(request)
        try Self.refuseBody(request)
        let now = backend.now
        let settings = try backend.settings()
        let respond: @Sendable (Complaint) -> HTTPResponse = {
            ComplaintRoutes.response($0, for: caller, settings: settings, now: now)
        }
        return try backend.casework.link(
            ref, toIncident: id, by: caller, now: now, claim: claim,
            precondition: { try ETag.check(request, against: $0) }, reply: { respond($0).reply }
        ).response(respond)
    }

    /// `DELETE /v1/incidents/{id}/complaints/{ref}` (agent): unlinks the complaint; 200 with the
    /// complaint as it now stands.
    private func unlink(_ request: HTTPRequest, id: String, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        try Self.refuseBody(request)
        let now = backend.now
        let settings = try backend.settings()
        let complaint = try backend.casework.unlink(ref, fromIncident: id, by: caller, now: now)
        return ComplaintRoutes.response(complaint, for: caller, settings: settings, now: now)
    }

    /// `POST /v1/incidents/{id}/resolve` (supervisor) `{note, notified_via}`: resolves the linked
    /// complaints that can be, each reported (`Casework.resolveIncident`), honouring `If-Match` on
    /// the incident; 200 with the outcome.
    private func resolve(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .supervisor)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["note", "notified_via"])
        let input = ActionInput.resolve(note: body.string("note"), notifiedVia: body.string("notified_via"))
        try body.validate()
        let errors = input.validate()
        if !errors.isEmpty { throw Problem.validation(errors) }
        guard case .resolve(let note?, let notifiedVia?) = input else { throw Problem.validation(errors) }
        let now = backend.now
        let settings = try backend.settings()
        let timeLimits = try backend.timeLimits(settings: settings)
        let respond: @Sendable (IncidentResolution) -> HTTPResponse = { Self.response($0) }
        return try backend.casework.resolveIncident(
            id, note: note, notifiedVia: notifiedVia, by: caller, settings: settings, timeLimits: timeLimits,
            now: now, claim: claim, precondition: { try ETag.check(request, against: $0) },
            reply: { respond($0).reply }
        ).response(respond)
    }

    /// 422 for a body on a request that takes none, so that nothing sent is silently ignored.
    private static func refuseBody(_ request: HTTPRequest) throws(Problem) {
        guard request.body.isEmpty else {
            throw Problem.validation([FieldError("body", "must be empty: this request takes no body")])
        }
    }

    /// An incident as a response with its `ETag`.
    static func response(
        _ incident: Incident, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var json = JSONWriter(capacity: 512)
        write(incident, into: &json)
        var headers = headers
        headers.set("ETag", "\"\(incident.version)\"")
        return Backend.json(status, json.bytes, headers: headers)
    }

    /// `{id, version, status, title, description, public_statement, public_statement_updated_at,
    /// complaint_count, created_by, created_at, updated_at, resolved_at}`.
    static func write(_ incident: Incident, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", incident.id)
        json.field("version", incident.version)
        json.field("status", incident.status.rawValue)
        json.field("title", incident.title)
        json.field("description", incident.description)
        json.field("public_statement", incident.publicStatement)
        json.field("public_statement_updated_at", incident.publicStatementUpdatedAt)
        json.field("complaint_count", incident.complaintCount)
        json.field("created_by", incident.createdBy)
        json.field("created_at", incident.createdAt)
        json.field("updated_at", incident.updatedAt)
        json.field("resolved_at", incident.resolvedAt)
        json.endObject()
    }

    /// `{incident, resolved, refused, results: [{complaint: {id, number}, outcome, status,
    /// follow_up_due_at, problem}]}`: `problem` is what the single `resolve` would have answered
    /// for a complaint not resolved (type, title, status, detail, allowed_actions).
    static func response(_ resolution: IncidentResolution) -> HTTPResponse {
        var json = JSONWriter(capacity: 512 + 384 * resolution.outcomes.count)
        json.beginObject()
        json.key("incident")
        write(resolution.incident, into: &json)
        let refused = resolution.outcomes.filter { $0.refusal != nil }.count
        json.field("resolved", resolution.outcomes.count - refused)
        json.field("refused", refused)
        json.key("results")
        json.beginArray()
        for outcome in resolution.outcomes {
            json.beginObject()
            json.key("complaint")
            json.beginObject()
            json.field("id", outcome.complaint.id)
            json.field("number", outcome.complaint.number.description)
            json.endObject()
            json.field("outcome", outcome.refusal == nil ? "resolved" : "refused")
            json.field("status", outcome.status.rawValue)
            json.field("follow_up_due_at", outcome.followUpDueAt)
            json.key("problem")
            if let refusal = outcome.refusal {
                let problem = Problem(refusal)
                json.beginObject()
                json.field("type", problem.type)
                json.field("title", problem.title)
                json.field("status", problem.status.code)
                json.field("detail", problem.detail)
                for (name, value) in problem.extensions {
                    json.key(dynamic: name)
                    json.value(value)
                }
                json.endObject()
            } else {
                json.null()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Backend.json(.ok, json.bytes, headers: ["ETag": "\"\(resolution.incident.version)\""])
    }
}
