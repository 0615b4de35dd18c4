import RedressDomain
import SQLite

extension Connection {
    private static let userColumns = """
        u.id, u.version, u.email, u.display_name, u.role, u.department, u.password_hash, u.active,
        u.created_at, u.updated_at, u.password_changed_at, k.id
        FROM users u JOIN api_keys k ON k.user_id = u.id
        """

    /// Stores a new user (its `id` and `principal` are ignored) with the `api_keys` row that stands
    /// for it; nil when the e-mail is taken, without regard to case.
    public func insertUser(_ user: UserRecord) throws -> UserRecord? {
        do {
            try run(
                """
                INSERT INTO users (version, email, email_key, display_name, role, department, password_hash, active,
                                   created_at, updated_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, user.version, user.email, UserRecord.emailKey(user.email), user.displayName, user.role.rawValue,
                user.department, user.passwordHash, user.active, user.createdAt.seconds, user.updatedAt.seconds,
                user.passwordChangedAt.seconds)
        } catch let error as SQLiteError where error.isUniqueViolation {
            return nil
        }
        var stored = user
        stored.id = lastInsertRowID
        // A lookup no key has (keys start `rk_`) and an empty digest, which no key's matches.
        try run(
            "INSERT INTO api_keys (name, role, lookup, digest, created_at, user_id) VALUES (?, ?, ?, ?, ?, ?)",
            "user:\(stored.id)", user.role.rawValue, "user:\(stored.id)", [UInt8](), user.createdAt.seconds, stored.id)
        stored.principal = lastInsertRowID
        return stored
    }

    /// Replaces a user's changeable fields (display name, role, department, active, password) if
    /// its stored version is still `expectedVersion`; false when another change got there first.
    public func updateUser(_ user: UserRecord, expectedVersion: Int) throws -> Bool {
        try run(
            """
            UPDATE users SET version = ?, display_name = ?, role = ?, department = ?, active = ?, password_hash = ?,
                updated_at = ?, password_changed_at = ?
            WHERE id = ? AND version = ?
            """, user.version, user.displayName, user.role.rawValue, user.department, user.active, user.passwordHash,
            user.updatedAt.seconds, user.passwordChangedAt.seconds, user.id, expectedVersion)
        guard changes == 1 else { return false }
        try run("UPDATE api_keys SET role = ? WHERE user_id = ?", user.role.rawValue, user.id)
        return true
    }

    /// Replaces the password hash only if it is still `current` (a login re-hashing with more
    /// iterations, which a password change meanwhile must win over); the version does not move.
    public func rehashPassword(userID: Int64, from current: String, to replacement: String) throws {
        try run(
            "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", replacement, userID, current)
    }

    /// The user with this id.
    public func user(id: Int64) throws -> UserRecord? {
        try first("SELECT \(Self.userColumns) WHERE u.id = ?", id).map(Self.user)
    }

    /// The user with this e-mail, compared without regard to case.
    public func user(email: String) throws -> UserRecord? {
        try first("SELECT \(Self.userColumns) WHERE u.email_key = ?", UserRecord.emailKey(email)).map(Self.user)
    }

    /// One page of users by id, after `after`, at most `limit`, with the id to continue after when
    /// there may be more.
    public func users(after: Int64?, limit: Int) throws -> (users: [UserRecord], next: Int64?) {
        let rows = try query(
            "SELECT \(Self.userColumns) WHERE u.id > ? ORDER BY u.id LIMIT ?", after ?? 0, limit + 1)
        let users = try rows.prefix(limit).map(Self.user)
        return (users, rows.count > limit ? users.last?.id : nil)
    }

    /// Shows a user's new display name on the complaints assigned to them; returns how many
    /// changed. Each one's version goes up, since what it shows changed.
    public func renameAssignee(userID: Int64, to name: String) throws -> Int {
        try run(
            "UPDATE complaints SET assignee = ?, version = version + 1 WHERE assignee_user = ? AND assignee IS NOT ?",
            name, userID, name)
        return changes
    }

    /// The user whose columns (`userColumns`) start at `base` in `row`.
    private static func user(_ row: Row, at base: Int) throws -> UserRecord {
        let roleName: String = try row.get(base + 4)
        guard let role = Role(rawValue: roleName) else { throw StoreError.corrupt("unknown role '\(roleName)'") }
        return UserRecord(
            id: try row.get(base), version: try row.get(base + 1), email: try row.get(base + 2),
            displayName: try row.get(base + 3), role: role, department: try row.get(base + 5),
            passwordHash: try row.get(base + 6), active: try row.get(base + 7),
            createdAt: Instant(seconds: try row.get(base + 8)), updatedAt: Instant(seconds: try row.get(base + 9)),
            passwordChangedAt: Instant(seconds: try row.get(base + 10)), principal: try row.get(base + 11))
    }

    private static func user(_ row: Row) throws -> UserRecord { try user(row, at: 0) }

    // MARK: Sessions

    /// Stores a new session.
    public func insertSession(_ session: SessionRecord) throws {
        try run(
            "INSERT INTO sessions (digest, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            session.digest, session.userID, session.createdAt.seconds, session.lastSeenAt.seconds,
            session.expiresAt.seconds)
    }

    /// The session whose token has this digest, with its user; nil when there is none.
    public func session(digest: [UInt8]) throws -> (session: SessionRecord, user: UserRecord)? {
        guard
            let row = try first(
                """
                SELECT s.digest, s.user_id, s.created_at, s.last_seen_at, s.expires_at, \(Self.userColumns)
                JOIN sessions s ON s.user_id = u.id WHERE s.digest = ?
                """, digest)
        else { return nil }
        let session = SessionRecord(
            digest: try row.get(0), userID: try row.get(1), createdAt: Instant(seconds: try row.get(2)),
            lastSeenAt: Instant(seconds: try row.get(3)), expiresAt: Instant(seconds: try row.get(4)))
        return (session, try Self.user(row, at: 5))
    }

    /// Records that the session was seen in use at `now`.
    public func touchSession(digest: [UInt8], at now: Instant) throws {
        try run(
            "UPDATE sessions SET last_seen_at = ? WHERE digest = ? AND last_seen_at < ?", now.seconds, digest,
            now.seconds)
    }

    /// Ends one session.
    public func deleteSession(digest: [UInt8]) throws {
        try run("DELETE FROM sessions WHERE digest = ?", digest)
    }

    /// Ends every session of a user but the one with digest `keeping`; returns how many ended.
    public func deleteSessions(userID: Int64, keeping: [UInt8]? = nil) throws -> Int {
        try run("DELETE FROM sessions WHERE user_id = ? AND digest IS NOT ?", userID, keeping)
        return changes
    }

    /// Removes sessions past their absolute end, or idle since before `idleSince`.
    public func deleteExpiredSessions(now: Instant, idleSince: Instant) throws {
        try run("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?", now.seconds, idleSince.seconds)
    }
}
