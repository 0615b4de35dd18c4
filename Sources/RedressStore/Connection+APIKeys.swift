import RedressDomain
import SQLite

extension Connection {
    private static let keyColumns = "id, name, role, lookup, digest, created_at, revoked_at"

    /// Stores a new key's name, role, lookup prefix and digest.
    public func insertAPIKey(
        name: String, role: Role, lookup: String, digest: [UInt8], at now: Instant
    ) throws -> APIKeyRecord {
        try run(
            "INSERT INTO api_keys (name, role, lookup, digest, created_at) VALUES (?, ?, ?, ?, ?)",
            name, role.rawValue, lookup, digest, now.seconds)
        return APIKeyRecord(
            id: lastInsertRowID, name: name, role: role, lookup: lookup, digest: digest,
            createdAt: now, revokedAt: nil)
    }

    /// The key with this lookup prefix, revoked or not; never a row standing for a user.
    public func apiKey(lookup: String) throws -> APIKeyRecord? {
        try first("SELECT \(Self.keyColumns) FROM api_keys WHERE lookup = ? AND user_id IS NULL", lookup).map(
            APIKeyRecord.init(row:))
    }

    /// Every key, oldest first; not the rows standing for users.
    public func apiKeys() throws -> [APIKeyRecord] {
        try query("SELECT \(Self.keyColumns) FROM api_keys WHERE user_id IS NULL ORDER BY id").map(
            APIKeyRecord.init(row:))
    }

    /// Revokes a key; nil when there is no such key, else the record as it now stands.
    public func revokeAPIKey(id: Int64, at now: Instant) throws -> APIKeyRecord? {
        try run(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND user_id IS NULL", now.seconds,
            id)
        return try first("SELECT \(Self.keyColumns) FROM api_keys WHERE id = ? AND user_id IS NULL", id).map(
            APIKeyRecord.init(row:))
    }
}

extension APIKeyRecord {
    init(row: Row) throws {
        let roleName: String = try row.get(2)
        guard let role = Role(rawValue: roleName) else { throw StoreError.corrupt("unknown role '\(roleName)'") }
        self.init(
            id: try row.get(0), name: try row.get(1), role: role, lookup: try row.get(3), digest: try row.get(4),
            createdAt: Instant(seconds: try row.get(5)),
            revokedAt: (try row.get(6) as Int64?).map(Instant.init(seconds:)))
    }
}
