import HTTP
import RedressCasework

extension IdempotencyClaim {
    /// The claim a request's `Idempotency-Key` makes on what it asks (its method, path and body),
    /// nil when it sent none; 400 when the key is empty or over 255 characters. The casework keeps
    /// and replays the reply (`Casework.write`).
    init?(_ request: HTTPRequest) throws(Problem) {
        guard let key = request.headers["Idempotency-Key"] else { return nil }
        // Counted in code points, as the contract's maxLength counts them.
        guard (1...255).contains(key.unicodeScalars.count) else {
            throw Problem.badRequest("Idempotency-Key must be 1 to 255 characters.")
        }
        // The fingerprint covers what the request asks for; a retry sends the same three things.
        self.init(key: key, request: Array("\(request.method) \(request.path)\n".utf8) + request.body)
    }
}
