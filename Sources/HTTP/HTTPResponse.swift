/// What the application answers: status, headers and a body held in memory or streamed.
///
/// The server adds `Date`, `Content-Length` (or `Transfer-Encoding: chunked` for a stream),
/// `Connection` and `X-Request-Id`; the application sets the rest.
public struct HTTPResponse: Sendable {
    /// A body either complete in memory or produced over time.
    public enum Body: Sendable {
        /// The whole body, sent with `Content-Length`.
        case bytes([UInt8])
        /// A body sent with chunked transfer coding (RFC 9112 §7.1). The closure runs on a worker
        /// thread; it may write and finish before returning (an export), or keep the writer and
        /// return at once so that no thread waits while nothing is sent (a server-sent event feed).
        case stream(@Sendable (any ResponseBodyWriter) -> Void)
    }

    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Body
    /// The route that answered, such as `/v1/complaints/{ref}`, for metrics; nil when none matched.
    public var route: String?

    /// A response from its parts.
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: Body = .bytes([]), route: String? = nil)
    {
        self.status = status
        self.headers = headers
        self.body = body
        self.route = route
    }
}
