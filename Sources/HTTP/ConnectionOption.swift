/// What the `Connection` field of a response says (RFC 9112 §9.3).
enum ConnectionOption {
    /// Nothing: HTTP/1.1 persists by default.
    case persistent
    /// `Connection: keep-alive`, which an HTTP/1.0 client needs to keep the connection.
    case keepAlive
    /// `Connection: close`: the server closes after this response.
    case close

    /// The field line, empty when none is needed.
    var field: StaticString {
        switch self {
        case .persistent: ""
        case .keepAlive: "Connection: keep-alive\r\n"
        case .close: "Connection: close\r\n"
        }
    }
}
