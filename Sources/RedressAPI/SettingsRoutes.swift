import HTTP
import RedressDomain

/// `/v1/settings`: the time limits and thresholds, read and changed by administrators.
///
/// A change applies from then on: due dates already set stay as they were computed; intake, an
/// assessment's new priority and an escalation use the new limits.
struct SettingsRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.get, "/v1/settings") { request, _ in
            _ = try backend.caller(of: request, atLeast: .admin)
            try ListQuery(request, allowed: []).validate()
            return Backend.json(.ok, SettingsJSON.encode(try backend.settings()))
        }
        router.add(.patch, "/v1/settings") { request, _ in try change(request) }
    }

    /// `PATCH /v1/settings`: a JSON merge patch; 422 listing every invalid field, and nothing changes.
    private func change(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        let patch = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        let settings = try backend.changeSettings { current in
            var changed = current
            var body = patch
            SettingsJSON.merge(&body, into: &changed)
            try body.validate()
            let errors = SettingsJSON.validate(changed)
            if !errors.isEmpty { throw Problem.validation(errors) }
            return changed
        }
        return Backend.json(.ok, SettingsJSON.encode(settings))
    }
}
