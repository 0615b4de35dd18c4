/// One accepted connection as its event loop sees it. Confined to the loop's thread; other
/// threads reach it through a `ConnectionHandle`.
final class Connection {
    /// The socket.
    let fd: Int32
    /// Tells this connection apart from earlier ones on the same descriptor number.
    let serial: UInt32
    /// The peer's IP address as text.
    let remoteAddress: String
    /// Whether the connection counts toward its address's cap (not from a trusted proxy).
    let isCappedByAddress: Bool
    /// Pipelining, the responses owed, deadlines, keep-alive and closing.
    var http: ConnectionProtocol
    /// The request being parsed.
    var parser: HTTPRequestParser
    /// Received bytes not yet parsed (empty, and without storage, between requests).
    var input: [UInt8] = []
    /// The socket's unacknowledged output at the last sweep that found responses blocked.
    var unacknowledgedBytes: Int?

    /// A connection accepted at `now`.
    init(
        fd: Int32, serial: UInt32, remoteAddress: String, isCappedByAddress: Bool,
        configuration: HTTPServerConfiguration, now: MonotonicInstant
    ) {
        self.fd = fd
        self.serial = serial
        self.remoteAddress = remoteAddress
        self.isCappedByAddress = isCappedByAddress
        http = ConnectionProtocol(configuration: configuration, now: now)
        parser = HTTPRequestParser(limits: configuration)
    }

    /// The tag epoll hands back with this connection's events.
    var token: UInt64 { UInt64(UInt32(bitPattern: fd)) | UInt64(serial) << 32 }
}
