/// Receives what the server has done, for access logs and metrics. Called from server threads;
/// implementations must be quick and thread-safe.
public protocol HTTPServerObserver: Sendable {
    /// One request answered, including those the server answered itself (400, 408, 413, ...).
    func exchangeCompleted(_ exchange: CompletedExchange)
}

/// One request and its response, as the access log and the metrics see it.
public struct CompletedExchange: Sendable {
    public var method: String
    /// The request-target as received, or "" when the request line never parsed.
    public var target: String
    public var status: Int
    /// Body bytes sent (not counting the head).
    public var bytesSent: Int
    /// Seconds from the request's first byte being parsed complete to the last byte handed to the socket.
    public var duration: Double
    public var requestID: String
    /// The route label from the response, nil when no route matched or the server answered itself.
    public var route: String?
    public var remoteAddress: String

    /// An exchange from its parts.
    public init(
        method: String, target: String, status: Int, bytesSent: Int, duration: Double,
        requestID: String, route: String?, remoteAddress: String
    ) {
        self.method = method
        self.target = target
        self.status = status
        self.bytesSent = bytesSent
        self.duration = duration
        self.requestID = requestID
        self.route = route
        self.remoteAddress = remoteAddress
    }
}
