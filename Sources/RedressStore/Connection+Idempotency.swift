import RedressDomain
import SQLite

/// A response kept so that a retried POST with the same `Idempotency-Key` gets it again.
public struct StoredResponse: Sendable, Equatable {
    /// SHA-256 of what the request asked (method, path and body), to tell a retry from a reuse.
    public var fingerprint: [UInt8]
    public var status: Int
    /// The response's own headers (such as `Location` and `ETag`), as name-value pairs.
    public var headers: [(String, String)]
    /// The body, sealed by the caller when `sealed`; empty and not sealed for a response kept
    /// before responses were sealed, whose body was erased.
    public var body: [UInt8]
    public var sealed: Bool

    /// A stored response from its parts.
    public init(fingerprint: [UInt8], status: Int, headers: [(String, String)], body: [UInt8], sealed: Bool) {
        self.fingerprint = fingerprint
        self.status = status
        self.headers = headers
        self.body = body
        self.sealed = sealed
    }

    public static func == (lhs: StoredResponse, rhs: StoredResponse) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.sealed == rhs.sealed
            && lhs.headers.map(\.0) == rhs.headers.map(\.0) && lhs.headers.map(\.1) == rhs.headers.map(\.1)
    }
}

extension Connection {
    /// How long a stored response is replayed.
    public static let idempotencyWindow: Int64 = 24 * 3600

    /// The response stored for this key's idempotency key within the window, if any.
    public func storedResponse(keyID: Int64, idempotencyKey: String, now: Instant) throws -> StoredResponse? {
        guard
            let row = try first(
                """
                SELECT fingerprint, status, headers, body, sealed FROM idempotent_responses
                WHERE key_id = ? AND idempotency_key = ? AND created_at > ?
                """, keyID, idempotencyKey, now.seconds - Self.idempotencyWindow)
        else { return nil }
        // Headers are stored one per line as `name: value`; neither part can hold a line break.
        let headers = (try row.get(2) as String).split(separator: "\n").compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst()))
        }
        return StoredResponse(
            fingerprint: try row.get(0), status: try row.get(1), headers: headers, body: try row.get(3),
            sealed: try row.get(4))
    }

    /// Keeps a response for replay, replacing an expired one under the same key.
    public func storeResponse(_ response: StoredResponse, keyID: Int64, idempotencyKey: String, now: Instant) throws {
        let headers = response.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
        try run(
            """
            INSERT OR REPLACE INTO idempotent_responses (key_id, idempotency_key, fingerprint, status, headers, body, sealed, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, keyID, idempotencyKey, response.fingerprint, response.status, headers, response.body, response.sealed,
            now.seconds)
    }

    /// Deletes responses past the replay window; returns how many.
    public func purgeStoredResponses(now: Instant) throws -> Int {
        try run("DELETE FROM idempotent_responses WHERE created_at <= ?", now.seconds - Self.idempotencyWindow)
        return changes
    }
}
