import HTTP
import RedressDomain
import RedressStore
import SQLite

/// `Idempotency-Key` on POST: the same key with the same request within 24 hours gets the first
/// response again without a second effect; the same key with another request is refused.
///
/// The first response's body is stored sealed (`Seal`) with a secret derived from the caller's
/// own API key, since it can carry a new API key or tracking code: the database and its backups
/// hold it only in a form that the key, which they keep only as a digest, can open.
struct Idempotency {
    let key: String
    let fingerprint: [UInt8]

    /// The request's idempotency key, nil when it sent none; 400 when it is empty or over 255 characters.
    init?(_ request: HTTPRequest) throws(Problem) {
        guard let key = request.headers["Idempotency-Key"] else { return nil }
        // Counted in code points, as the contract's maxLength counts them.
        guard (1...255).contains(key.unicodeScalars.count) else {
            throw Problem.badRequest("Idempotency-Key must be 1 to 255 characters.")
        }
        self.key = key
        // The fingerprint covers what the request asks for; a retry sends the same three things.
        fingerprint = SHA256.digest(Array("\(request.method) \(request.path)\n".utf8) + request.body)
    }

    /// Inside a write: the stored response for a retry, nil for a first request; 422 for a reuse.
    func replay(for caller: Caller, on connection: Connection, now: Instant) throws -> HTTPResponse? {
        guard let stored = try connection.storedResponse(keyID: caller.keyID, idempotencyKey: key, now: now) else {
            return nil
        }
        guard stored.fingerprint == fingerprint else {
            throw Problem(.unprocessableContent, slug: "idempotency-key-reused", title: "Idempotency Key Reused",
                          detail: "This Idempotency-Key was used for a different request in the last 24 hours.")
        }
        // Only a response kept before responses were sealed (its body erased), or one altered in
        // the database, cannot be opened. The request was done; doing it again is not a replay.
        guard stored.sealed, let body = Seal.open(stored.body, secret: caller.sealingSecret) else {
            let location = HTTPHeaders(stored.headers)["Location"]
            throw Problem(.conflict, slug: "idempotent-response-withheld", title: "Idempotent Response Withheld",
                          detail: "This request was already done with this Idempotency-Key, but its response is no longer "
                              + "kept; it is not done again." + (location.map { " Its result is at \($0)." } ?? ""),
                          extensions: location.map { [("location", .string($0))] } ?? [])
        }
        var headers = HTTPHeaders(stored.headers)
        headers.set("Idempotent-Replayed", "true")
        return HTTPResponse(status: HTTPStatus(stored.status), headers: headers, body: .bytes(body))
    }

    /// Inside the same write: keeps a successful response for later retries.
    func store(_ response: HTTPResponse, for caller: Caller, on connection: Connection, now: Instant) throws {
        guard (200..<300).contains(response.status.code), case .bytes(let body) = response.body else { return }
        let headers = response.headers.map { ($0.name, $0.value) }
        try connection.storeResponse(StoredResponse(fingerprint: fingerprint, status: response.status.code, headers: headers,
                                                    body: Seal.seal(body, secret: caller.sealingSecret), sealed: true),
                                     keyID: caller.keyID, idempotencyKey: key, now: now)
    }
}
