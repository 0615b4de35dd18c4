import HTTP
import RedressDomain
import RedressStore
import SQLite

/// The complainant's own view, with no key: `GET /v1/track/{number}` and
/// `POST /v1/track/{number}/feedback`, both proven by the `X-Tracking-Code` header. A wrong code
/// and an unknown number are answered alike, and repeated failures are refused for a while.
struct TrackingRoutes {
    let backend: Backend
    /// The proxies whose record of the client's address is believed, for counting failures.
    let proxies: TrustedProxies
    /// This process's count of failed lookups.
    let attempts = TrackingAttempts()

    /// The answer to a wrong code and to an unknown number alike, so neither tells the other apart.
    static let noMatch = Problem.notFound("No complaint matches this case number and tracking code.")

    /// Adds these routes to `router`.
    func register(on router: inout Router) {
        router.add(.get, "/v1/track/{number}") { request, parameters in try view(request, number: parameters["number"]!) }
        router.add(.post, "/v1/track/{number}/feedback") { request, parameters in
            try feedback(request, number: parameters["number"]!)
        }
        router.add(.post, "/v1/complaints/{ref}/tracking-code") { request, parameters in
            try reissue(request, ref: parameters["ref"]!)
        }
    }

    /// `GET /v1/track/{number}`: the public view.
    private func view(_ request: HTTPRequest, number: String) throws -> HTTPResponse {
        let (code, address) = try admit(request)
        return try backend.database.read { connection in
            let complaint = try verified(number, code: code, from: address, on: connection)
            return try Self.response(complaint, on: connection)
        }
    }

    /// `POST /v1/track/{number}/feedback` `{satisfied, score, comment?}`: the complainant's own
    /// follow-up, taken as `follow-up` with method `self_service` while the complaint is resolved;
    /// 200 with the public view.
    private func feedback(_ request: HTTPRequest, number: String) throws -> HTTPResponse {
        let (code, address) = try admit(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["satisfied", "score", "comment"])
        let input = ActionInput.followUp(ActionInput.FollowUp(
            method: .selfService, satisfied: body.bool("satisfied", required: true),
            score: body.integer("score", required: true).map(Int.init), comment: body.string("comment")))
        try body.validate()
        let errors = input.validate()
        if !errors.isEmpty { throw Problem.validation(errors) }
        let now = backend.now
        let settings = try backend.settings()
        return try backend.write { connection in
            let current = try verified(number, code: code, from: address, on: connection)
            // Checked here rather than left to the lifecycle, whose refusal lists the actions staff could take.
            guard current.status == .resolved else {
                throw Problem(.conflict, slug: "feedback-not-open", title: "Feedback Not Open",
                              detail: "Feedback is taken once the complaint is resolved, until it is closed; "
                                  + "it is \(current.status.rawValue).")
            }
            let changed = try LifecycleRoutes.take(input, on: current, by: .complainant, settings: settings, now: now,
                                                   on: connection)
            return try Self.response(changed, on: connection)
        }
    }

    /// The tracking code of a request not refused for too many failures, and the client's address
    /// its failures count under: 400 without the header (a malformed request, whatever the
    /// limit), then 429 with `Retry-After` while the address is over the limit.
    private func admit(_ request: HTTPRequest) throws -> (code: String, address: String) {
        guard let code = request.headers["X-Tracking-Code"], !code.allSatisfy(\.isWhitespace) else {
            throw Problem.badRequest("Send the tracking code given at registration in the X-Tracking-Code header.")
        }
        let address = proxies.clientAddress(of: request)
        if let seconds = attempts.retryAfter(address: address, now: backend.now) {
            throw Problem(.tooManyRequests, slug: "too-many-attempts", title: "Too Many Attempts",
                          detail: "Too many wrong tracking codes; try again in \(seconds) seconds.",
                          headers: ["Retry-After": String(seconds)])
        }
        return (code, address)
    }

    /// The complaint numbered `number` when `code` is its tracking code; otherwise the failure is
    /// counted and the answer is `noMatch`. The digests are compared even for an unknown number,
    /// against a stand-in, so that it takes about as long as a wrong code.
    private func verified(_ number: String, code: String, from address: String,
                          on connection: Connection) throws -> Complaint {
        let complaint = try CaseNumber(number).flatMap(connection.complaint(number:))
        let stored = try complaint.flatMap { try connection.trackingDigest(complaintID: $0.id) } ?? Self.standIn
        guard Secret.constantTimeEqual(stored, TrackingCode.digest(of: code)), let complaint else {
            attempts.recordFailure(address: address, now: backend.now)
            throw Self.noMatch
        }
        return complaint
    }

    // No code has this digest that anyone can find: it is compared only to spend the same time.
    private static let standIn = [UInt8](repeating: 0, count: 32)
}
