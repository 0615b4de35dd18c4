import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/api-keys`: issuing, listing and revoking keys (admin only).
struct APIKeyRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.post, "/v1/api-keys") { request, _ in try create(request) }
        router.add(.get, "/v1/api-keys") { request, _ in try list(request) }
        router.add(.delete, "/v1/api-keys/{id}") { request, parameters in try revoke(request, id: parameters["id"]!) }
    }

    private func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .admin)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["name", "role"])
        let name = body.displayName()
        let role: Role? = body.choice("role", required: true)
        try body.validate()
        let respond: @Sendable (IssuedKey) -> HTTPResponse = { issued in
            var json = JSONWriter()
            Self.write(issued.record, into: &json, key: issued.key)
            return Backend.json(.created, json.bytes, headers: ["Location": "/v1/api-keys/\(issued.record.id)"])
        }
        return try backend.casework.issueKey(
            name: name!, role: role!, by: caller, now: backend.now, claim: claim,
            reply: { respond($0).reply }
        ).response(respond)
    }

    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        try ListQuery(request, allowed: []).validate()
        let records = try backend.database.read { try $0.apiKeys() }
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.beginArray()
        records.forEach { Self.write($0, into: &json) }
        json.endArray()
        json.field("next_cursor", nil as String?)
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }

    private func revoke(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .admin)
        let record = try backend.casework.revokeKey(id, by: caller, now: backend.now)
        backend.runtime.keys.forget(lookup: record.lookup)
        var json = JSONWriter()
        Self.write(record, into: &json)
        return Backend.json(.ok, json.bytes)
    }

    /// A key's public record; `key` only in the response that created it.
    static func write(_ record: APIKeyRecord, into json: inout JSONWriter, key: String? = nil) {
        json.beginObject()
        json.field("id", record.id)
        json.field("name", record.name)
        json.field("role", record.role.rawValue)
        json.field("prefix", record.lookup)
        json.field("created_at", record.createdAt)
        json.field("revoked_at", record.revokedAt)
        if let key { json.field("key", key) }
        json.endObject()
    }
}
