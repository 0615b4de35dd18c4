import JSON
import RedressDomain
import RedressStore
import SQLite

/// A reply as it is kept for a retry: status, the response's own headers, and the body.
public struct Reply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    /// A reply from its parts.
    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What an idempotent write came to.
public enum Answer<Value: Sendable>: Sendable {
    /// A retry of a request already done: its first reply, and nothing done again.
    case replayed(Reply)
    /// Done now; with the reply kept for retries when the request made a claim.
    case done(Value, Reply?)

    /// The reply to send: the kept or replayed one, else `encode`'s.
    public func reply(else encode: (Value) -> Reply) -> Reply {
        switch self {
        case .replayed(let reply): reply
        case .done(let value, let reply): reply ?? encode(value)
        }
    }
}

/// A request's `Idempotency-Key`: the same key with the same request within 24 hours gets the
/// first reply again without a second effect; the same key with another request is refused.
///
/// The first reply's body is kept sealed (`Seal`) with a secret derived from the caller's own API
/// key, since it can carry a new API key or tracking code: the database and its backups hold it
/// only in a form that the key, which they keep only as a digest, can open.
public struct IdempotencyClaim: Sendable {
    public let key: String
    /// SHA-256 of what the request asks, to tell a retry from a reuse of the key.
    public let fingerprint: [UInt8]

    /// A claim for `key` on a request whose method, path and body are `request`.
    public init(key: String, request: [UInt8]) {
        self.key = key
        fingerprint = SHA256.digest(request)
    }

    /// Inside a write: the kept reply for a retry, nil for a first request; refused for a reuse.
    func replay(for caller: Caller, on connection: Connection, now: Instant) throws -> Reply? {
        guard let stored = try connection.storedResponse(keyID: caller.keyID, idempotencyKey: key, now: now) else {
            return nil
        }
        guard stored.fingerprint == fingerprint else {
            throw Refusal(
                .invalid, slug: "idempotency-key-reused", title: "Idempotency Key Reused",
                detail: "This Idempotency-Key was used for a different request in the last 24 hours.")
        }
        // Only a reply kept before replies were sealed (its body erased), or one altered in the
        // database, cannot be opened. The request was done; doing it again is not a replay.
        guard stored.sealed, let body = Seal.open(stored.body, secret: caller.sealingSecret) else {
            let location = Reply(status: stored.status, headers: stored.headers, body: []).header("Location")
            throw Refusal(
                .conflict, slug: "idempotent-response-withheld", title: "Idempotent Response Withheld",
                detail: "This request was already done with this Idempotency-Key, but its response is no longer "
                    + "kept; it is not done again." + (location.map { " Its result is at \($0)." } ?? ""),
                extensions: location.map { [("location", .string($0))] } ?? [])
        }
        return Reply(status: stored.status, headers: stored.headers + [("Idempotent-Replayed", "true")], body: body)
    }

    /// Inside the same write: keeps a successful reply for later retries.
    func keep(_ reply: Reply, for caller: Caller, on connection: Connection, now: Instant) throws {
        guard (200..<300).contains(reply.status) else { return }
        try connection.storeResponse(
            StoredResponse(
                fingerprint: fingerprint, status: reply.status, headers: reply.headers,
                body: Seal.seal(reply.body, secret: caller.sealingSecret), sealed: true),
            keyID: caller.keyID, idempotencyKey: key, now: now)
    }
}
