/// Writes a response head, and a body held in memory, into one buffer so each response goes
/// out in one `send`.
struct ResponseEncoder {
    /// How the body that follows the head is delimited (RFC 9112 §6.3).
    enum Framing {
        /// `Content-Length` of this many bytes, whether or not they are sent (HEAD).
        case length(Int)
        /// `Transfer-Encoding: chunked`.
        case chunked
        /// Neither: the body ends when the connection closes (HTTP/1.0 streams).
        case untilClose
        /// No body and no length: 1xx, 204 (RFC 9110 §8.6) and 304.
        case none
    }

    /// The largest body copied into the head's buffer, so that head and body go out in one
    /// `send`; a larger one is sent from its own buffer after the head.
    static let largestCopiedBody = 16 * 1024

    private var date = HTTPDate()

    /// An encoder with its own date cache.
    init() {}

    /// The head, followed by `body` if given.
    mutating func encode(
        status: HTTPStatus, headers: HTTPHeaders, framing: Framing, requestID: String,
        connection: ConnectionOption, body: [UInt8]? = nil
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (body?.count ?? 0))
        // RFC 9110 §6.2: a server sends its own highest version, also to 1.0 clients.
        out += "HTTP/1.1 ".utf8
        Self.appendDecimal(status.code, to: &out)
        out.append(HTTPSyntax.space)
        out += status.reason.utf8
        out += "\r\n".utf8
        var hasDate = false
        for field in headers where !Self.isServerOwned(field.name) {
            hasDate = hasDate || HTTPHeaders.same(field.name, "date")
            out += field.name.utf8
            out += ": ".utf8
            out += field.value.utf8
            out += "\r\n".utf8
        }
        switch framing {
        case .length(let length):
            out += "Content-Length: ".utf8
            Self.appendDecimal(length, to: &out)
            out += "\r\n".utf8
        case .chunked:
            out += "Transfer-Encoding: chunked\r\n".utf8
        case .untilClose, .none:
            break
        }
        if !hasDate {
            out += "Date: ".utf8
            out += date.current()
            out += "\r\n".utf8
        }
        out += "X-Request-Id: ".utf8
        out += requestID.utf8
        out += "\r\n".utf8
        let field = connection.field
        out += UnsafeBufferPointer(start: field.utf8Start, count: field.utf8CodeUnitCount)
        out += "\r\n".utf8
        if let body { out += body }
        return out
    }

    /// Fields the server writes itself; the application's copies are dropped so that framing
    /// can never disagree with what is sent.
    private static func isServerOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: HTTPHeaders.same(name, "connection")
        case 12: HTTPHeaders.same(name, "x-request-id")
        case 14: HTTPHeaders.same(name, "content-length")
        case 17: HTTPHeaders.same(name, "transfer-encoding")
        default: false
        }
    }

    /// Appends a non-negative integer in decimal.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
