import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/templates`: response templates, which agents read and render and supervisors write.
struct TemplateRoutes {
    let backend: Backend

    /// Adds these routes to `router`.
    func register(on router: inout Router) {
        router.add(.get, "/v1/templates") { request, _ in try list(request) }
        router.add(.get, "/v1/templates/{key}") { request, parameters in try show(request, key: parameters["key"]!) }
        router.add(.put, "/v1/templates/{key}") { request, parameters in try save(request, key: parameters["key"]!) }
        router.add(.delete, "/v1/templates/{key}") { request, parameters in try delete(request, key: parameters["key"]!)
        }
        router.add(.post, "/v1/templates/{key}/render") { request, parameters in
            try render(request, key: parameters["key"]!)
        }
    }

    /// `GET /v1/templates?stage=&locale=`: every template, by key, optionally of some stages or
    /// locales (each a comma list), as one page.
    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        var query = ListQuery(request, allowed: ["stage", "locale"])
        let stages: [ResponseTemplate.Stage] = query.choices("stage")
        let locales = query.list("locale")
        try query.validate()
        let templates = try backend.database.read { try $0.templates(stages: stages, locales: locales) }
        return LifecycleRoutes.page(templates, write: Self.write)
    }

    /// `GET /v1/templates/{key}`.
    private func show(_ request: HTTPRequest, key: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        guard let template = try backend.database.read({ try $0.template(key: key) }) else { throw Self.notFound(key) }
        return Self.response(template)
    }

    /// `PUT /v1/templates/{key}` `{stage, locale, body}`: 201 when it creates the template, 200
    /// when it replaces one; 422 naming any unknown placeholder.
    private func save(_ request: HTTPRequest, key: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["stage", "locale", "body"])
        let stage: ResponseTemplate.Stage? = body.choice("stage", required: true)
        let locale = body.string("locale", required: true)
        let text = body.string("body", required: true)
        if !ResponseTemplate.isKey(key) {
            body.errors.append(
                FieldError(
                    "key", "must be 1 to 100 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit"))
        }
        if let locale, let text { body.errors += ResponseTemplate.validate(locale: locale, body: text) }
        try body.validate()
        let now = backend.now
        let template = ResponseTemplate(
            key: key, stage: stage!, locale: locale!, body: text!, createdAt: now,
            updatedAt: now)
        let saved = try backend.casework.saveTemplate(template)
        return Self.response(
            saved.template, status: saved.created ? .created : .ok,
            headers: saved.created ? ["Location": "/v1/templates/\(key)"] : HTTPHeaders())
    }

    /// `DELETE /v1/templates/{key}`: 204, or 404 when there is no such template.
    private func delete(_ request: HTTPRequest, key: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        guard try backend.casework.deleteTemplate(key: key) else { throw Self.notFound(key) }
        return HTTPResponse(status: .noContent)
    }

    /// `POST /v1/templates/{key}/render` `{complaint, tracking_code?}` (an id or a case number):
    /// `{text}`, the template filled in from the complaint, in the template's language.
    private func render(_ request: HTTPRequest, key: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["complaint", "tracking_code"])
        let ref = body.string("complaint", required: true)
        // Only the customer's copy of the code exists: the caller who has it (at intake, or on
        // re-issuing it) can have it written into the text.
        let trackingCode = body.string("tracking_code")
        if let trackingCode { ComplaintRules.check(trackingCode, "tracking_code", 1...64, into: &body.errors) }
        try body.validate()
        let runtime = backend.runtime
        let text = try backend.database.read { connection in
            guard let template = try connection.template(key: key) else { throw Self.notFound(key) }
            let complaint: Complaint
            do {
                complaint = try connection.complaint(ref!, visibleTo: caller)
            } catch let refusal as Refusal where refusal.reason == .notFound {
                // The complaint is named in the body, not the path: the request is wrong, not the URL.
                throw Problem.validation([FieldError("complaint", "names no complaint; give its id or case number")])
            }
            let department = try complaint.department.flatMap { key in
                try connection.departments().first { $0.key == key }?.name
            }
            let values = TemplatePlaceholder.values(
                for: complaint, departmentName: department, trackingCode: trackingCode,
                language: CustomerLanguage(locale: template.locale),
                utcOffset: runtime.utcOffset(at: complaint.resolutionDueAt))
            return try TemplateText(parsing: template.body).render(values)
        }
        return Backend.json(.ok, JSONValue.object([("text", .string(text))]).encoded)
    }

    private static func notFound(_ key: String) -> Problem {
        Problem.notFound("No template '\(key)' exists; GET /v1/templates lists them.")
    }

    private static func response(
        _ template: ResponseTemplate, status: HTTPStatus = .ok,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var json = JSONWriter(capacity: 512 + template.body.utf8.count)
        write(template, into: &json)
        return Backend.json(status, json.bytes, headers: headers)
    }

    /// `{key, stage, locale, body, created_at, updated_at}`.
    private static func write(_ template: ResponseTemplate, into json: inout JSONWriter) {
        json.beginObject()
        json.field("key", template.key)
        json.field("stage", template.stage.rawValue)
        json.field("locale", template.locale)
        json.field("body", template.body)
        json.field("created_at", template.createdAt)
        json.field("updated_at", template.updatedAt)
        json.endObject()
    }
}
