import RedressDomain

/// A stored staff account. The password is here only as its encoded hash.
public struct UserRecord: Sendable, Equatable {
    public var id: Int64
    /// Goes up by one with each change; the `ETag`.
    public var version: Int
    /// As it was given; unique without regard to case.
    public var email: String
    public var displayName: String
    public var role: Role
    /// A department's key, or nil.
    public var department: String?
    /// `PasswordHash.encoded`: the scheme, its parameters, the salt and the hash.
    public var passwordHash: String
    public var active: Bool
    public var createdAt: Instant
    public var updatedAt: Instant
    public var passwordChangedAt: Instant
    /// The `api_keys` row that stands for this user where a key would be recorded.
    public var principal: Int64

    /// A record from its fields.
    public init(
        id: Int64, version: Int, email: String, displayName: String, role: Role, department: String?,
        passwordHash: String, active: Bool, createdAt: Instant, updatedAt: Instant, passwordChangedAt: Instant,
        principal: Int64
    ) {
        self.id = id
        self.version = version
        self.email = email
        self.displayName = displayName
        self.role = role
        self.department = department
        self.passwordHash = passwordHash
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.passwordChangedAt = passwordChangedAt
        self.principal = principal
    }

    /// The form e-mail addresses are compared in: lower-cased.
    public static func emailKey(_ email: String) -> String {
        email.lowercased()
    }
}

/// A stored session: the digest of its token, never the token.
public struct SessionRecord: Sendable, Equatable {
    public var digest: [UInt8]
    public var userID: Int64
    public var createdAt: Instant
    /// When it was last seen in use, written at most once a minute.
    public var lastSeenAt: Instant
    /// The absolute end, whatever the use.
    public var expiresAt: Instant

    /// A record from its fields.
    public init(digest: [UInt8], userID: Int64, createdAt: Instant, lastSeenAt: Instant, expiresAt: Instant) {
        self.digest = digest
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}
