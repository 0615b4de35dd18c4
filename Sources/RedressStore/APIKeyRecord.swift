import RedressDomain

/// A stored API key: never the key itself, only its lookup prefix and digest.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    /// The key's first characters, unique, to find the record without comparing digests.
    public var lookup: String
    /// SHA-256 of the whole key.
    public var digest: [UInt8]
    public var createdAt: Instant
    public var revokedAt: Instant?

    /// A record from its columns.
    public init(
        id: Int64, name: String, role: Role, lookup: String, digest: [UInt8], createdAt: Instant, revokedAt: Instant?
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.lookup = lookup
        self.digest = digest
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
