/// A parsed request head with what the server needs to frame and answer it.
struct RequestHead {
    /// How the body is delimited (RFC 9112 §6.3).
    enum Framing: Equatable {
        /// No body.
        case none
        /// Exactly this many bytes (`Content-Length`).
        case length(Int)
        /// Chunked transfer coding until the last chunk.
        case chunked
    }

    /// The request as the application will see it, body still empty.
    var request: HTTPRequest
    /// How the body is delimited.
    var framing: Framing
    /// Whether the client wants the connection kept open after the response (RFC 9112 §9.3).
    var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1).
    var expectsContinue: Bool
}
