import RedressDomain
import RedressStore
import SQLite

/// A user to create: what an administrator (or `redress create-user`) gives.
public struct NewUser: Sendable {
    public var email: String
    public var displayName: String
    public var role: Role
    public var department: String?

    /// A new user's fields.
    public init(email: String, displayName: String, role: Role, department: String?) {
        self.email = email
        self.displayName = displayName
        self.role = role
        self.department = department
    }
}

/// What an administrator may change of a user; nil leaves a field as it is.
public struct UserChange: Sendable {
    public var displayName: String?
    public var role: Role?
    /// `.some(nil)` takes the user out of any department.
    public var department: String??
    public var active: Bool?

    /// A change of these fields.
    public init(displayName: String? = nil, role: Role? = nil, department: String?? = nil, active: Bool? = nil) {
        self.displayName = displayName
        self.role = role
        self.department = department
        self.active = active
    }
}

/// A session just started: its record, the token (shown only now, in the cookie) and its user.
public struct StartedSession: Sendable {
    public let session: SessionRecord
    public let token: String
    public let user: UserRecord
}

extension Casework {
    /// The roles a staff user may have; `intake` is for systems, with a key.
    public static let userRoles: [Role] = [.agent, .supervisor, .admin]

    /// Creates a user whose password `passwordHash` already holds (hashed on the caller's thread,
    /// never inside the write). 422 for a department that does not exist or is out of use, 409 for
    /// an e-mail taken, without regard to case.
    /// The command line (`redress create-user`) comes here.
    public func createUser(_ user: NewUser, passwordHash: PasswordHash, now: Instant) throws -> UserRecord {
        try write(Self.creating(user, passwordHash: passwordHash, now: now))
    }

    /// The same for `caller`, an admin, through the API.
    public func createUser(
        _ user: NewUser, passwordHash: PasswordHash, by caller: Caller, now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (UserRecord) -> Reply
    ) throws -> Answer<UserRecord> {
        try write(claim, by: caller, now: now, reply: reply, Self.creating(user, passwordHash: passwordHash, now: now))
    }

    private static func creating(
        _ user: NewUser, passwordHash: PasswordHash, now: Instant
    ) -> @Sendable (Connection) throws -> UserRecord {
        { connection in
            if let department = user.department, try !connection.isActiveDepartment(department) {
                throw Refusal.invalid([FieldError("department", "must be a department that exists and is in use")])
            }
            let record = UserRecord(
                id: 0, version: 1, email: user.email, displayName: user.displayName, role: user.role,
                department: user.department, passwordHash: passwordHash.encoded, active: true, createdAt: now,
                updatedAt: now, passwordChangedAt: now, principal: 0)
            guard let stored = try connection.insertUser(record) else {
                throw Refusal(
                    .conflict, slug: "email-taken", title: "Conflict",
                    detail: "A user with this e-mail address exists already.")
            }
            return stored
        }
    }

    /// Applies `change` to the user `id` names, after `precondition` (the caller's `If-Match`). A new
    /// display name shows on the complaints assigned to them; deactivating ends their sessions. An
    /// administrator cannot deactivate themselves or lower their own role (409), so that one
    /// always remains who can undo it. A change that changes nothing is no new version.
    public func changeUser(
        _ id: String, _ change: UserChange, by caller: Caller, now: Instant,
        precondition: @escaping @Sendable (UserRecord) throws -> Void = { _ in }
    ) throws -> UserRecord {
        try write { connection in
            guard let userID = Self.id(id), let current = try connection.user(id: userID) else {
                throw Refusal.notFound("No user \(id) exists.")
            }
            try precondition(current)
            var changed = current
            if let name = change.displayName { changed.displayName = name }
            if let role = change.role { changed.role = role }
            if let department = change.department { changed.department = department }
            if let active = change.active { changed.active = active }
            if caller.user?.id == current.id, !changed.active || changed.role < current.role {
                throw Refusal(
                    .conflict, slug: "own-account", title: "Conflict",
                    detail: "You cannot deactivate your own account or lower its role; ask another administrator.")
            }
            if let department = changed.department, department != current.department,
                try !connection.isActiveDepartment(department)
            {
                throw Refusal.invalid([FieldError("department", "must be a department that exists and is in use")])
            }
            guard changed != current else { return current }
            changed.version += 1
            changed.updatedAt = now
            guard try connection.updateUser(changed, expectedVersion: current.version) else {
                throw Refusal.changedMeanwhile("user")
            }
            if changed.displayName != current.displayName {
                _ = try connection.renameAssignee(userID: current.id, to: changed.displayName)
            }
            if !changed.active { _ = try connection.deleteSessions(userID: current.id) }
            return changed
        }
    }

    /// Starts a session for `user`, whose password the caller has verified (on its own thread).
    /// `rehashed`, when the stored hash used fewer iterations than now wanted, replaces it, unless
    /// the password changed meanwhile. Sessions past their end are cleared out in the same write.
    /// Nil when the user was deactivated meanwhile.
    public func startSession(
        for user: UserRecord, rehashed: PasswordHash?, now: Instant, idleTimeout: Int64, lifetime: Int64
    ) throws -> StartedSession? {
        let token = SessionToken.generate()
        let session = SessionRecord(
            digest: SessionToken.digest(of: token), userID: user.id, createdAt: now, lastSeenAt: now,
            expiresAt: now.adding(seconds: lifetime))
        return try write { connection -> StartedSession? in
            guard var current = try connection.user(id: user.id), current.active else { return nil }
            try connection.deleteExpiredSessions(now: now, idleSince: now.adding(seconds: -idleTimeout))
            if let rehashed, current.passwordHash == user.passwordHash {
                try connection.rehashPassword(userID: user.id, from: user.passwordHash, to: rehashed.encoded)
                current.passwordHash = rehashed.encoded
            }
            try connection.insertSession(session)
            return StartedSession(session: session, token: token, user: current)
        }
    }

    /// Records that the session was in use at `now` (callers do so at most once a minute).
    public func touchSession(digest: [UInt8], now: Instant) throws {
        try write { try $0.touchSession(digest: digest, at: now) }
    }

    /// Ends the session whose token has this digest.
    public func endSession(digest: [UInt8]) throws {
        try write { try $0.deleteSession(digest: digest) }
    }

    /// Replaces the password of `user` with `replacement` (hashed by the caller) and ends every
    /// other session of theirs, keeping the one with digest `keeping`. 409 when the password
    /// changed since `user` was read (the current password was verified against that one).
    public func changePassword(
        of user: UserRecord, to replacement: PasswordHash, keeping: [UInt8]?, now: Instant
    ) throws -> UserRecord {
        try write { connection in
            guard let current = try connection.user(id: user.id), current.passwordHash == user.passwordHash else {
                throw Refusal(
                    .conflict, slug: "password-changed", title: "Conflict",
                    detail: "The password changed while this request was made; sign in again.")
            }
            var changed = current
            changed.passwordHash = replacement.encoded
            changed.passwordChangedAt = now
            changed.updatedAt = now
            changed.version += 1
            guard try connection.updateUser(changed, expectedVersion: current.version) else {
                throw Refusal.changedMeanwhile("user")
            }
            _ = try connection.deleteSessions(userID: user.id, keeping: keeping)
            return changed
        }
    }
}
