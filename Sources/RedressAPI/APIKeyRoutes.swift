import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

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
        let idempotency = try Idempotency(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["name", "role"])
        let name = body.displayName()
        let role: Role? = body.choice("role", required: true)
        try body.validate()
        let now = backend.now
        let key = APIKey.generate()
        return try backend.database.write { connection in
            if let replay = try idempotency?.replay(for: caller, on: connection, now: now) { return replay }
            let record = try Self.issue(key, name: name!, role: role!, now: now, on: connection)
            var json = JSONWriter()
            Self.write(record, into: &json, key: key)
            let response = Backend.json(.created, json.bytes, headers: ["Location": "/v1/api-keys/\(record.id)"])
            try idempotency?.store(response, for: caller, on: connection, now: now)
            return response
        }
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
        let now = backend.now
        // A key cannot revoke itself, so the admin revoking always keeps a working admin key.
        let keyID = Backend.id(id)
        if keyID == caller.keyID {
            throw Problem(.conflict, slug: "own-key", title: "Conflict",
                          detail: "A key cannot revoke itself; revoke it with another admin key.")
        }
        guard let keyID, let record = try backend.database.write({ try $0.revokeAPIKey(id: keyID, at: now) })
        else {
            throw Problem.notFound("No API key \(id) exists.")
        }
        backend.runtime.keys.forget(lookup: record.lookup)
        var json = JSONWriter()
        Self.write(record, into: &json)
        return Backend.json(.ok, json.bytes)
    }

    /// Stores a new key under `name` with `role`; the key itself is never stored.
    static func issue(_ key: String, name: String, role: Role, now: Instant, on connection: Connection) throws -> APIKeyRecord {
        try connection.insertAPIKey(name: name, role: role, lookup: APIKey.lookup(of: key), digest: APIKey.digest(of: key), at: now)
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
