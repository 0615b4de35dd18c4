/// One accepted connection as its event loop sees it. Confined to the loop's thread; only its
/// `outbox` is shared with other threads.
final class Connection {
    /// The socket.
    let fd: Int32
    /// Tells this connection apart from earlier ones on the same descriptor number.
    let serial: UInt32
    /// The sending side, shared with the workers.
    let outbox: Outbox
    /// The peer's IP address as text.
    let remoteAddress: String
    /// Whether the connection counts toward its address's cap (not from a trusted proxy).
    let isCappedByAddress: Bool
    /// Deadlines, keep-alive and closing.
    var state: ConnectionStateMachine
    /// The request being parsed.
    var parser: HTTPRequestParser
    /// Received bytes not yet parsed (empty, and without storage, between requests).
    var input: [UInt8] = []
    /// The sequence number the next request will get.
    var nextSequence = 0
    /// Responses the loop knows to be completely sent.
    var completedSeen = 0
    /// Parsed requests waiting for earlier responses before they may run.
    var held: [ResponderJob] = []
    /// The last sequence number given to a running unsafe request, -1 if none.
    var lastUnsafeSequence = -1
    /// Whether the socket may hold bytes not yet read (reading stopped before `EAGAIN`).
    var mayHaveInput = false
    /// Whether `input` holds requests left unparsed because the pipeline was full.
    var inputStalled = false
    /// The socket's unacknowledged output at the last sweep that found responses blocked.
    var unacknowledgedBytes: Int?

    /// A connection accepted at `now`.
    init(fd: Int32, serial: UInt32, outbox: Outbox, remoteAddress: String, isCappedByAddress: Bool,
         configuration: HTTPServerConfiguration, now: ContinuousClock.Instant) {
        self.fd = fd
        self.serial = serial
        self.outbox = outbox
        self.remoteAddress = remoteAddress
        self.isCappedByAddress = isCappedByAddress
        state = ConnectionStateMachine(configuration: configuration, now: now)
        parser = HTTPRequestParser(limits: configuration)
    }

    /// The tag epoll hands back with this connection's events.
    var token: UInt64 { UInt64(UInt32(bitPattern: fd)) | UInt64(serial) << 32 }

    /// Whether a parsed request may run now: it is next in line, or it and every running
    /// request are safe (RFC 9112 §9.3.2 allows answering those in parallel; responses still
    /// leave in order).
    func mayRun(_ job: ResponderJob) -> Bool {
        if let first = held.first, first.sequence != job.sequence { return false }
        if job.sequence == completedSeen { return true }
        return job.isSafe && lastUnsafeSequence < completedSeen
    }

    /// Records that a request was handed to the workers.
    func markRunning(_ job: ResponderJob) {
        if !job.isSafe { lastUnsafeSequence = job.sequence }
    }
}
