import RedressDomain
import RedressStore

/// The form of API keys: `rk_` and 40 random characters (about 232 bits). The first 12 characters
/// are the key's lookup prefix; only the SHA-256 digest of the whole key is stored.
public enum APIKey {
    public static let prefix = "rk_"
    public static let lookupLength = 12
    /// The shortest key accepted from `REDRESS_ADMIN_KEY`: at least 128 bits even in hex.
    public static let minimumLength = 32

    /// A new random key.
    public static func generate() -> String {
        prefix + Secret.random(count: 40)
    }

    /// The part of a key used to find its record.
    public static func lookup(of key: String) -> String {
        String(key.prefix(lookupLength))
    }

    /// The digest stored in place of the key.
    public static func digest(of key: String) -> [UInt8] {
        SHA256.digest(Array(key.utf8))
    }

    /// Whether `key` is the key `record` was made for: its digest is the record's.
    public static func proves(_ key: String, _ record: APIKeyRecord) -> Bool {
        Secret.constantTimeEqual(record.digest, digest(of: key))
    }
}

/// Who is calling: the key's record as authentication found it, and the key that proved it; or a
/// staff user, signed in with a session.
public struct Caller: Sendable {
    /// The key's id; for a user, the `api_keys` row standing for them, under which the complaints
    /// they register and their kept responses are filed.
    public let keyID: Int64
    /// The name recorded for what the caller does: the key's name, or a user's display name with
    /// their id (`李娜 (user:7)`), which stays theirs if the display name changes.
    public let name: String
    public let role: Role
    /// The API key, or the session token, presented, kept only for the length of the request.
    public let presentedKey: String
    /// The signed-in user; nil for an API key.
    public let user: UserRecord?

    /// The caller a record and the key that proved it make.
    public init(_ record: APIKeyRecord, presenting key: String) {
        keyID = record.id
        name = record.name
        role = record.role
        presentedKey = key
        user = nil
    }

    /// The caller a user makes, signed in with the session `token`.
    public init(_ user: UserRecord, session token: String) {
        keyID = user.principal
        name = Self.actorName(of: user)
        role = user.role
        presentedKey = token
        self.user = user
    }

    /// How a user is named in the history: their display name and id.
    public static func actorName(of user: UserRecord) -> String {
        "\(user.displayName) (user:\(user.id))"
    }

    /// The secret this caller's stored responses are sealed with: derived from its own key, which
    /// the database holds only as a digest, so a copy of the database cannot open them.
    public var sealingSecret: [UInt8] {
        HMAC.sha256(key: Array(presentedKey.utf8), Array("redress idempotent responses".utf8))
    }

    /// The actor as the lifecycle and the history know it.
    public var actor: Actor { Actor(name: name, role: role) }
}
