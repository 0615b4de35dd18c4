import RedressDomain
import RedressStore
import SQLite

/// A key just issued: its record, and the key itself, shown only now.
public struct IssuedKey: Sendable {
    public let record: APIKeyRecord
    public let key: String
}

extension Casework {
    /// Issues a new key named `name` with `role`; only its digest is stored. The command line
    /// (`redress create-key`) comes here.
    public func issueKey(name: String, role: Role, now: Instant) throws -> IssuedKey {
        let key = APIKey.generate()
        return try write { IssuedKey(record: try $0.issueKey(key, name: name, role: role, now: now), key: key) }
    }

    /// The same for `caller`, an admin, through the API.
    public func issueKey(
        name: String, role: Role, by caller: Caller, now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (IssuedKey) -> Reply
    ) throws -> Answer<IssuedKey> {
        let key = APIKey.generate()
        return try write(claim, by: caller, now: now, reply: reply) { connection in
            IssuedKey(record: try connection.issueKey(key, name: name, role: role, now: now), key: key)
        }
    }

    /// Revokes the key numbered `id` by `caller`; refused when it is the caller's own (so that the
    /// admin revoking always keeps a working admin key) or does not exist.
    public func revokeKey(_ id: String, by caller: Caller, now: Instant) throws -> APIKeyRecord {
        let keyID = Self.id(id)
        if caller.user == nil, keyID == caller.keyID {
            throw Refusal(
                .conflict, slug: "own-key", title: "Conflict",
                detail: "A key cannot revoke itself; revoke it with another admin key.")
        }
        guard let keyID, let record = try write({ try $0.revokeAPIKey(id: keyID, at: now) }) else {
            throw Refusal.notFound("No API key \(id) exists.")
        }
        return record
    }
}

extension Connection {
    /// Inside a write: stores `key` under `name` with `role`; the key itself is never stored.
    func issueKey(_ key: String, name: String, role: Role, now: Instant) throws -> APIKeyRecord {
        try insertAPIKey(
            name: name, role: role, lookup: APIKey.lookup(of: key), digest: APIKey.digest(of: key), at: now)
    }
}

extension IssuedKey {
    /// The caller the new key makes.
    public var caller: Caller { Caller(record, presenting: key) }
}

extension Casework {
    /// On a database with no admin key (a new one, or one only seeded with demo data), issues the
    /// first admin key, `given` or a new one; returns it, or nil when an admin key exists.
    public func bootstrapAdminKey(given: String?, now: Instant) throws -> String? {
        try write { connection -> String? in
            guard try !connection.apiKeys().contains(where: { $0.role == .admin }) else { return nil }
            let key = given ?? APIKey.generate()
            _ = try connection.issueKey(key, name: "admin", role: .admin, now: now)
            return key
        }
    }
}
