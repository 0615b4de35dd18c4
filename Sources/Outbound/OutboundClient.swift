import Synchronization

/// What a receiver answered.
public struct OutboundResponse: Sendable, Equatable {
    public let head: ResponseHead
    /// The body, as much of it as was read (at most the client's limit).
    public let body: [UInt8]
    /// The address the request went to, such as `192.0.2.1:443`.
    public let address: String

    /// The status code.
    public var status: Int { head.status }
}

/// A small HTTP/1.1 client for delivering webhooks: one `POST` per connection
/// (`Connection: close`), no redirects followed, every step within one deadline, responses read
/// to a size limit and parsed strictly, and no address the `AddressPolicy` refuses connected to
/// unless `allowPrivate`. It speaks plain TCP and TLS (OpenSSL 3): an `https` receiver's
/// certificate must chain to the system's store (or to `trustedAuthorities`) and name its host,
/// and the host name is sent (SNI).
public struct OutboundClient: Sendable {
    /// The whole exchange's limit: resolving aside (the system resolver cannot be bounded),
    /// connecting, sending and reading the response must all end within it (10 s by default).
    public var timeout: Duration
    /// Whether loopback, private and link-local receivers may be reached (tests, and internal
    /// receivers an operator vouches for).
    public var allowPrivate: Bool
    /// The most response head read (status line and fields).
    public var maxHeadBytes = 16 * 1024
    /// The most of a response, head and body together, read before giving up on it.
    public var maxResponseBytes = 64 * 1024
    /// Sent as `User-Agent`.
    public var userAgent = "Redress-Webhooks/1"

    /// A PEM file of certificate authorities trusted besides the system's, if any.
    public let trustedAuthorities: String?
    private let tls: TLSContextCache

    /// A client with the given limit, address policy and extra certificate authorities.
    public init(timeout: Duration = .seconds(10), allowPrivate: Bool = false, trustedAuthorities: String? = nil) {
        self.timeout = timeout
        self.allowPrivate = allowPrivate
        self.trustedAuthorities = trustedAuthorities
        tls = TLSContextCache(trustedAuthorities: trustedAuthorities)
    }

    /// POSTs `body` to `url` with `fields` (names and values that must hold no CR or LF) after
    /// the client's own `Host`, `User-Agent`, `Content-Length` and `Connection`.
    public func post(
        _ url: OutboundURL, fields: [(String, String)], body: [UInt8]
    ) throws(OutboundError)
        -> OutboundResponse
    {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        if !allowPrivate, let refusal = url.refusedLiteral {
            throw OutboundError(.refusedAddress, "refused address \(url.host) (\(refusal))")
        }
        let socket = try ClientSocket.connect(
            host: url.host, port: url.port, allowPrivate: allowPrivate, deadline: deadline)
        let transport: any Transport =
            url.scheme == .https
            ? try TLSStream(
                over: socket, context: try tls.context(), host: url.host, isAddress: url.isAddress, deadline: deadline)
            : socket
        var request = "POST \(url.target) HTTP/1.1\r\nHost: \(url.hostField)\r\nUser-Agent: \(userAgent)\r\n"
        for (name, value) in fields {
            precondition(
                !name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ":" })
                    && !value.contains(where: { $0 == "\r" || $0 == "\n" }),
                "an outbound field must not hold a line break")
            request += "\(name): \(value)\r\n"
        }
        request += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try transport.write(Array(request.utf8) + body, before: deadline)
        return try readResponse(from: transport, before: deadline)
    }

    /// Reads one final response (skipping 1xx interim ones) to its end: `Content-Length` bytes, a
    /// chunked body's last chunk, or the end of the stream.
    private func readResponse(
        from socket: any Transport, before deadline: ContinuousClock.Instant
    )
        throws(OutboundError) -> OutboundResponse
    {
        var buffer: [UInt8] = []
        var head: ResponseHead?
        var bodyStart = 0
        var contentLength: Int?
        var chunked = false
        while true {
            if head == nil, let end = Self.endOfHead(in: buffer) {
                guard let parsed = ResponseHead(buffer[..<end]) else {
                    throw OutboundError(.malformedResponse, "malformed response head from \(socket.peer)")
                }
                if parsed.status < 200 {
                    buffer.removeFirst(end + 4)
                    continue
                }
                head = parsed
                bodyStart = end + 4
                let lengths = parsed.fields.filter { $0.name.lowercased() == "content-length" }.map(\.value)
                let encoding = parsed.field("Transfer-Encoding")?.lowercased()
                if !lengths.isEmpty {
                    guard encoding == nil, Set(lengths).count == 1, let length = Int(lengths[0]),
                        lengths[0].allSatisfy(\.isASCIIDigitCharacter)
                    else { throw OutboundError(.malformedResponse, "malformed Content-Length from \(socket.peer)") }
                    contentLength = length
                }
                chunked = encoding.map { $0.hasSuffix("chunked") } ?? false
                if parsed.status == 204 || parsed.status == 304 { contentLength = 0 }
            }
            if let head {
                let bodyBytes = buffer.count - bodyStart
                if let contentLength, bodyBytes >= contentLength {
                    return OutboundResponse(
                        head: head, body: Array(buffer[bodyStart..<(bodyStart + contentLength)]), address: socket.peer)
                }
                if chunked,
                    buffer[bodyStart...].starts(with: Array("0\r\n\r\n".utf8))
                        || buffer.count >= bodyStart + 7
                            && buffer[(buffer.count - 7)...].elementsEqual(Array("\r\n0\r\n\r\n".utf8))
                {
                    return OutboundResponse(head: head, body: Array(buffer[bodyStart...]), address: socket.peer)
                }
            } else if buffer.count > maxHeadBytes {
                throw OutboundError(.tooLarge, "response head larger than \(maxHeadBytes) bytes from \(socket.peer)")
            }
            if buffer.count > maxResponseBytes {
                throw OutboundError(.tooLarge, "response larger than \(maxResponseBytes) bytes from \(socket.peer)")
            }
            let chunk = try socket.read(upTo: 16 * 1024, before: deadline)
            if chunk.isEmpty {
                guard let head else {
                    throw OutboundError(
                        .malformedResponse, "connection closed before a complete response head from \(socket.peer)")
                }
                guard contentLength == nil, !chunked else {
                    throw OutboundError(
                        .connection, "connection closed before the response's body ended from \(socket.peer)")
                }
                return OutboundResponse(head: head, body: Array(buffer[bodyStart...]), address: socket.peer)
            }
            buffer += chunk
        }
    }

    /// Where the empty line ending a head starts, if it has arrived.
    private static func endOfHead(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 0x0D && buffer[index + 1] == 0x0A && buffer[index + 2] == 0x0D
            && buffer[index + 3] == 0x0A
        {
            return index
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}

/// The TLS context of a client, made on its first `https` delivery and shared after: loading the
/// system's certificate store takes longer than a handshake.
final class TLSContextCache: Sendable {
    private let trustedAuthorities: String?
    private let made = Mutex<TLSContext?>(nil)

    init(trustedAuthorities: String?) {
        self.trustedAuthorities = trustedAuthorities
    }

    func context() throws(OutboundError) -> TLSContext {
        try made.withLock { made throws(OutboundError) -> TLSContext in
            if let made { return made }
            let context = try TLSContext(trusting: trustedAuthorities)
            made = context
            return context
        }
    }
}
