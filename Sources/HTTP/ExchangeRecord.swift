/// What the observer will be told about one exchange, kept until its last byte is sent.
struct ExchangeRecord: Sendable {
    /// The method, or "" when the request line never parsed.
    var method: String
    /// The request-target as received, or "".
    var target: String
    /// The request's identifier.
    var requestID: String
    /// The peer's address.
    var remoteAddress: String
    /// When the request was parsed complete (or refused).
    var startedAt: MonotonicInstant
    /// The final status code.
    var status = 0
    /// The route label from the response.
    var route: String?
    /// Body bytes sent, not counting the head or chunk framing.
    var bodyBytes = 0

    /// A record for a request the application answers.
    init(request: HTTPRequest, startedAt: MonotonicInstant) {
        method = request.method.rawValue
        target = request.target
        requestID = request.requestID
        remoteAddress = request.remoteAddress
        self.startedAt = startedAt
    }

    /// A record for a request the server refused before it parsed (method and target unknown).
    init(requestID: String, remoteAddress: String, startedAt: MonotonicInstant) {
        method = ""
        target = ""
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        self.startedAt = startedAt
    }

    /// The exchange as the observer sees it, finished at `now`.
    func completed(at now: MonotonicInstant) -> CompletedExchange {
        let elapsed = (now - startedAt).components
        return CompletedExchange(
            method: method, target: target, status: status, bytesSent: bodyBytes,
            duration: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
            requestID: requestID, route: route, remoteAddress: remoteAddress
        )
    }
}
