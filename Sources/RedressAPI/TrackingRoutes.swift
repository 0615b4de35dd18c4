import HTTP
import RedressCasework
import RedressDomain
import RedressStore

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
        router.add(.get, "/v1/track/{number}") { request, parameters in try view(request, number: parameters["number"]!)
        }
        router.add(.post, "/v1/track/{number}/feedback") { request, parameters in
            try feedback(request, number: parameters["number"]!)
        }
        router.add(.post, "/v1/track/{number}/proposal-answer") { request, parameters in
            try answerProposal(request, number: parameters["number"]!)
        }
        router.add(.post, "/v1/track/{number}/messages") { request, parameters in
            try message(request, number: parameters["number"]!)
        }
        router.add(.post, "/v1/complaints/{ref}/tracking-code") { request, parameters in
            try reissue(request, ref: parameters["ref"]!)
        }
    }

    /// `GET /v1/track/{number}`: the public view.
    private func view(_ request: HTTPRequest, number: String) throws -> HTTPResponse {
        let (code, address) = try admit(request)
        return try respond(try matched(try backend.casework.track(number, code: code), from: address))
    }

    /// `POST /v1/track/{number}/feedback` `{satisfied, score, comment?}`: the complainant's own
    /// follow-up, taken as `follow-up` with method `self_service` while the complaint is resolved;
    /// 200 with the public view.
    private func feedback(_ request: HTTPRequest, number: String) throws -> HTTPResponse {
        let (code, address) = try admit(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["satisfied", "score", "comment"])
        let followUp = ActionInput.FollowUp(
            method: .selfService, satisfied: body.bool("satisfied", required: true),
            score: body.integer("score", required: true).map(Int.init), comment: body.string("comment"))
        try body.validate()
        let errors = ActionInput.followUp(followUp).validate()
        if !errors.isEmpty { throw Problem.validation(errors) }
        let settings = try backend.settings()
        let tracked = try backend.casework.feedback(
            followUp, on: number, code: code, settings: settings,
            timeLimits: try backend.timeLimits(settings: settings), now: backend.now)
        return try respond(try matched(tracked, from: address))
    }

    /// `POST /v1/track/{number}/proposal-answer` `{accepted, comment?}`: the complainant accepts
    /// the approved proposal, or declines it with a reason, which sends the complaint back to
    /// investigation; 200 with the public view.
    private func answerProposal(_ request: HTTPRequest, number: String) throws -> HTTPResponse {
        let (code, address) = try admit(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["accepted", "comment"])
        let accepted = body.bool("accepted", required: true)
        let comment = body.string("comment")
        try body.validate()
        let errors = ActionInput.answerProposal(
            .init(accepted: accepted, comment: comment, via: Casework.trackingChannel)
        )
        .validate()
        if !errors.isEmpty { throw Problem.validation(errors) }
        let tracked = try backend.casework.answerProposal(
            accepted: accepted, comment: comment, on: number, code: code,
            settings: try backend.settings(), now: backend.now)
        return try respond(try matched(tracked, from: address))
    }

    /// `POST /v1/track/{number}/messages` `{body}`: plain text from the complainant, up to 5,000
    /// characters, on an open complaint; 201 with the public view. While the team waits on the
    /// customer it is their reply, and resumes the resolution clock.
    private func message(_ request: HTTPRequest, number: String) throws -> HTTPResponse {
        let (code, address) = try admit(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["body"])
        let text = body.string("body", required: true)
        if let text { ComplaintRules.check(text, "body", Casework.messageLength, into: &body.errors) }
        try body.validate()
        let settings = try backend.settings()
        let tracked = try backend.casework.postMessage(
            text!, on: number, code: code, settings: settings,
            timeLimits: try backend.timeLimits(settings: settings), now: backend.now)
        var response = try respond(try matched(tracked, from: address))
        response.status = .created
        return response
    }

    /// The public view of `tracked`, its promised date read in the zone of the calendar its
    /// resolution counts in (the 24×7 one in `REDRESS_TZ` for a calendar since removed).
    private func respond(_ tracked: TrackedComplaint) throws -> HTTPResponse {
        let key = tracked.complaint.timeLimits.clocks[.resolution]?.calendar ?? WorkingCalendar.twentyFourSevenKey
        let calendar = try backend.timeLimits(settings: try backend.settings()).calendar(key)
        return Self.response(tracked, zone: calendar.zone)
    }

    /// `tracked`, or, when the code did not prove the number, the failure counted under `address`
    /// and `noMatch` thrown.
    private func matched(_ tracked: TrackedComplaint?, from address: String) throws(Problem) -> TrackedComplaint {
        guard let tracked else {
            attempts.recordFailure(address: address, now: backend.now)
            throw Self.noMatch
        }
        return tracked
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
            throw Problem(
                .tooManyRequests, slug: "too-many-attempts", title: "Too Many Attempts",
                detail: "Too many wrong tracking codes; try again in \(seconds) seconds.",
                headers: ["Retry-After": String(seconds)])
        }
        return (code, address)
    }
}
