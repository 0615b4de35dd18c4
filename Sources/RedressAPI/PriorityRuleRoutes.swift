import HTTP
import RedressCasework
import RedressDomain

/// `/v1/priority-rules`: the words, levels and reasons that set a new complaint's priority, the
/// negations that silence a word, and the cluster rule; supervisors read them, administrators
/// replace them. A change applies to complaints registered from then on.
struct PriorityRuleRoutes {
    let backend: Backend

    /// Adds these routes to `router`.
    func register(on router: inout Router) {
        router.add(.get, "/v1/priority-rules") { request, _ in try show(request) }
        router.add(.put, "/v1/priority-rules") { request, _ in try replace(request) }
    }

    /// `GET /v1/priority-rules`: the rules in force, with their version as the `ETag`.
    private func show(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        try ListQuery(request, allowed: []).validate()
        return Self.response(try backend.priorityRules())
    }

    /// `PUT /v1/priority-rules`: replaces the whole document; 422 naming every field at fault and
    /// nothing changes; 412 when `If-Match` names another version than the stored one.
    private func replace(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var body = try RequestBody.parse(request)
        let rules = PriorityRulesJSON.read(&body)
        try body.validate()
        let ifMatch = request.headers["If-Match"]
        let book = try backend.replacePriorityRules(rules!) { version in
            try Self.check(ifMatch, against: version)
        }
        return Self.response(book)
    }

    /// 412 unless `ifMatch` (if any) names `version` or is `*`; a weak tag never matches.
    private static func check(_ ifMatch: String?, against version: Int) throws(Problem) {
        guard let ifMatch else { return }
        let current = "\"\(version)\""
        let tags = ifMatch.split(separator: ",").map { String($0.trimmingWhitespace) }
        guard tags == ["*"] || tags.contains(current) else {
            throw Problem(
                .preconditionFailed, slug: "precondition-failed", title: "Precondition Failed",
                detail: "The priority rules are at version \(version) (ETag \(current)); If-Match named \(ifMatch).",
                headers: ["ETag": current])
        }
    }

    private static func response(_ book: PriorityRuleBook) -> HTTPResponse {
        Backend.json(.ok, PriorityRulesJSON.encode(book.rules, version: book.version), headers: ["ETag": book.etag])
    }
}
