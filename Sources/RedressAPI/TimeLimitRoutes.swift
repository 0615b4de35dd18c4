import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/sla-policies` and `/v1/calendars`: the time-limit policies and the working calendars they
/// count in. Staff (agent and up) read them, since every complaint's due dates name them;
/// administrators replace them, with `If-Match` against the version in `ETag`. A change applies
/// at once to new due dates (intake, an assessment's priority, an escalation, an assignment, a
/// resolution), and open complaints are re-dated under it in the background (`SLARedating`);
/// `GET /v1/sla-policies` says how many are still to re-date (`to_redate`).
struct TimeLimitRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.get, "/v1/sla-policies") { request, _ in try policies(request) }
        router.add(.put, "/v1/sla-policies") { request, _ in try replacePolicies(request) }
        router.add(.get, "/v1/calendars") { request, _ in try calendars(request) }
        router.add(.get, "/v1/calendars/{key}") { request, parameters in try calendar(request, key: parameters["key"]!)
        }
        router.add(.put, "/v1/calendars/{key}") { request, parameters in
            try saveCalendar(request, key: parameters["key"]!)
        }
    }

    /// `GET /v1/sla-policies`: the administrator's policies in order, then the defaults from the
    /// settings that follow them (read-only), with the version as `ETag`.
    private func policies(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        try ListQuery(request, allowed: []).validate()
        let (stored, redating) = try backend.read { (try Casework.policies(in: $0), try Casework.redating(in: $0)) }
        let policies = try stored.map(TimeLimitDocuments.policies(in:)) ?? []
        return policiesResponse(
            policies, version: stored?.version ?? 0, settings: try backend.settings(), toRedate: redating?.pending ?? 0)
    }

    /// `PUT /v1/sla-policies` (admin) `{policies: [...]}`: replaces the whole ordered list; 422
    /// naming every invalid field, and nothing changes.
    private func replacePolicies(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var body = try RequestBody.parse(request)
        let policies = PolicyJSON.policies(from: &body)
        try body.validate()
        let settings = try backend.settings()
        let known = try backend.read { transaction in
            (
                categories: try transaction.categories().map(\.key),
                departments: try transaction.departments().map(\.key),
                calendars: try Casework.calendars(in: transaction)
            )
        }
        let calendars = try known.calendars.map { try TimeLimitDocuments.calendar($0.key, in: $0.document) }
        do {
            _ = try SLAPolicyList.validated(
                policies!, defaultsFrom: settings, calendars: calendars,
                categories: Set(known.categories), departments: Set(known.departments),
                zone: backend.runtime.zone)
        } catch {
            throw Problem.validation(error.errors)
        }
        let document = try backend.casework.storePolicies(PolicyJSON.body(of: policies!)) { current in
            try Self.checkIfMatch(request, version: current, what: "The time-limit policies")
        }
        backend.runtime.timeLimits.invalidate()
        backend.runtime.requestRedating()
        let redating = try backend.read { try Casework.redating(in: $0) }
        return policiesResponse(
            policies!, version: document.version, settings: settings, toRedate: redating?.pending ?? 0)
    }

    private func policiesResponse(
        _ policies: [SLAPolicy], version: Int, settings: Settings, toRedate: Int
    ) -> HTTPResponse {
        let body = JSONValue.object([
            ("version", .int(Int64(version))),
            ("policies", .array(policies.map(PolicyJSON.encode))),
            ("defaults", .array(SLAPolicy.defaults(from: settings).map(PolicyJSON.encode))),
            // Open complaints still to re-date under these policies after the last change.
            ("to_redate", .int(Int64(toRedate))),
        ])
        return Backend.json(.ok, body.encoded, headers: ["ETag": "\"\(version)\""])
    }

    /// `GET /v1/calendars`: the built-in 24×7 calendar, then every stored one by key, as one page.
    private func calendars(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        try ListQuery(request, allowed: []).validate()
        let stored = try backend.read { try Casework.calendars(in: $0) }
        let items =
            [CalendarJSON.encode(builtIn.definition, version: 0)]
            + (try stored.map {
                CalendarJSON.encode(
                    try TimeLimitDocuments.calendar($0.key, in: $0.document).definition,
                    version: $0.document.version)
            })
        return Backend.json(.ok, JSONValue.object([("data", .array(items)), ("next_cursor", .null)]).encoded)
    }

    /// `GET /v1/calendars/{key}`, with its version as `ETag` (`"0"` for the built-in one).
    private func calendar(_ request: HTTPRequest, key: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        if key == WorkingCalendar.twentyFourSevenKey { return Self.response(builtIn.definition, version: 0) }
        guard WorkingCalendar.Definition.isKey(key),
            let stored = try backend.read({ try Casework.calendar(key, in: $0) })
        else { throw Self.notFound(key) }
        return Self.response(try TimeLimitDocuments.calendar(key, in: stored).definition, version: stored.version)
    }

    /// `PUT /v1/calendars/{key}` (admin): creates (201) or replaces (200) the calendar; 422 naming
    /// every invalid field, and nothing changes; the built-in 24×7 calendar cannot be replaced (409).
    private func saveCalendar(_ request: HTTPRequest, key: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var body = try RequestBody.parse(request)
        let definition = CalendarJSON.definition(key: key, from: &body)
        try body.validate()
        if key == WorkingCalendar.twentyFourSevenKey {
            throw Problem(
                .conflict, slug: "built-in-calendar", title: "Conflict",
                detail:
                    "The 24x7 calendar is built in (every hour of every day, in REDRESS_TZ) and cannot be replaced; save yours under another key."
            )
        }
        do {
            _ = try definition!.validated()
        } catch {
            throw Problem.validation(error.errors)
        }
        let saved = try backend.casework.storeCalendar(key, CalendarJSON.body(of: definition!)) { current in
            try Self.checkIfMatch(request, version: current, what: "The calendar '\(key)'")
        }
        backend.runtime.timeLimits.invalidate()
        backend.runtime.requestRedating()
        var response = Self.response(definition!, version: saved.document.version)
        if saved.created {
            response.status = .created
            response.headers.set("Location", "/v1/calendars/\(key)")
        }
        return response
    }

    private var builtIn: WorkingCalendar { .twentyFourSeven(zone: backend.runtime.zone) }

    private static func response(_ definition: WorkingCalendar.Definition, version: Int) -> HTTPResponse {
        Backend.json(
            .ok, CalendarJSON.encode(definition, version: version).encoded, headers: ["ETag": "\"\(version)\""])
    }

    private static func notFound(_ key: String) -> Problem {
        Problem(
            .notFound, slug: "not-found", title: "Not Found",
            detail: "There is no calendar '\(key)'; GET /v1/calendars lists them.")
    }

    /// 412 unless the request's `If-Match` (if any) is `*` or names `version`; when there is no
    /// document (`version` nil), any `If-Match` fails (RFC 9110 §13.1.1).
    static func checkIfMatch(_ request: HTTPRequest, version: Int?, what: String) throws(Problem) {
        guard let header = request.headers["If-Match"] else { return }
        let tags = header.split(separator: ",").map { String($0.trimmingWhitespace) }
        if let version, tags == ["*"] || tags.contains("\"\(version)\"") { return }
        throw Problem(
            .preconditionFailed, slug: "precondition-failed", title: "Precondition Failed",
            detail: version.map { "\(what) are at version \($0) (ETag \"\($0)\"); If-Match named \(header)." }
                ?? "\(what) does not exist yet; send it without If-Match to create it.",
            headers: version.map { ["ETag": "\"\($0)\""] } ?? [:])
    }
}

/// The stored time-limit documents read back into the engine's terms, through the same readers
/// as the request bodies they were made from.
enum TimeLimitDocuments {
    /// The policies in a stored document.
    static func policies(in document: VersionedDocument) throws -> [SLAPolicy] {
        var body = try RequestBody.parse(json: document.body.encoded)
        guard let policies = PolicyJSON.policies(from: &body), body.errors.isEmpty else {
            throw StoreError.corrupt("stored time-limit policies: \(body.errors.map(\.field))")
        }
        return policies
    }

    /// The calendar `key` in a stored document, validated.
    static func calendar(_ key: String, in document: VersionedDocument) throws -> WorkingCalendar {
        var body = try RequestBody.parse(json: document.body.encoded)
        guard let definition = CalendarJSON.definition(key: key, from: &body), body.errors.isEmpty else {
            throw StoreError.corrupt("stored calendar '\(key)': \(body.errors.map(\.field))")
        }
        return try definition.validated()
    }
}
