/// What the connection protocol needs to know of a request it may hold back.
protocol PipelinedRequest {
    /// The request's place in the connection's order.
    var sequence: Int { get }
    /// Whether it may run beside the requests pipelined around it (RFC 9112 §9.3.2).
    var isSafe: Bool { get }
}

/// One connection's HTTP/1.1 protocol, apart from the bytes themselves: which requests may
/// run, which deadline applies, whether to read, when to linger and close.
///
/// A value type fed events with the time passed in (bytes of a head or body arrived, a request
/// was parsed or refused, responses finished, the peer half-closed, the socket has input, the
/// timer fired, shutdown began), returning the action the caller must carry out — the pattern
/// of Hummingbird's `HTTPConnectionStateHandler`. The event loop does all the I/O and knows
/// nothing of HTTP, as redis's `ae.c` knows nothing of `networking.c`; tests drive it with a
/// made-up clock.
struct ConnectionProtocol<Request: PipelinedRequest> {
    /// The clock's instants; tests make their own.
    typealias Instant = ContinuousClock.Instant

    /// Where the connection is in reading requests.
    enum Reading: Equatable {
        /// Between requests, since the last response went out (or the connection opened).
        case idle(since: Instant)
        /// Part of a head has arrived; the header deadline runs from its first byte.
        case head(since: Instant)
        /// A body is arriving; its idle and total deadlines run.
        case body(since: Instant, lastByte: Instant)
        /// No further request will be read; the connection closes once its responses are out.
        case stopped
    }

    /// Input the caller has not consumed yet.
    enum Input: Equatable {
        /// The socket was read until it had nothing more.
        case drained
        /// The socket may hold bytes: reading stopped before it ran dry, or an edge announced some.
        case unread
        /// Received bytes hold requests left unparsed because the pipeline was full.
        case unparsed
    }

    /// What the caller must do next.
    enum Action: Equatable {
        /// Nothing for now.
        case none
        /// Read (or parse what is buffered): input waits and requests may be taken.
        case read
        /// Answer 408 after the responses already queued, then close (RFC 9110 §15.5.9).
        case requestTimeout
        /// The last response is out and the write side shut: read and discard until the peer
        /// closes or the linger deadline passes (RFC 9112 §9.6).
        case linger
        /// Close the socket now.
        case close
    }

    /// The configuration's deadlines and limits, kept as plain values so that copying the
    /// protocol retains nothing.
    private let headerTimeout, bodyIdleTimeout, bodyTimeout, keepAliveTimeout, lingerTimeout: Duration
    private let maxRequests, maxPipelined: Int
    /// Where reading stands.
    private(set) var reading: Reading
    /// Input not consumed yet.
    private(set) var input = Input.drained
    /// Requests read (or refused) on this connection: the sequence number of the next one.
    private(set) var nextSequence = 0
    /// Responses completely sent, as far as the caller has reported them.
    private(set) var finished = 0
    /// Requests read on this connection and given to the application.
    private(set) var requestCount = 0
    /// Parsed requests waiting for earlier responses before they may run.
    private var held: [Request] = []
    /// The last sequence number given to a running unsafe request, -1 if none.
    private var lastUnsafeSequence = -1
    private var lingeringSince: Instant?
    private var peerClosed = false
    private var shuttingDown = false

    /// A connection accepted at `now`.
    init(configuration: HTTPServerConfiguration, now: Instant) {
        headerTimeout = configuration.headerTimeout
        bodyIdleTimeout = configuration.bodyIdleTimeout
        bodyTimeout = configuration.bodyTimeout
        keepAliveTimeout = configuration.keepAliveTimeout
        lingerTimeout = configuration.lingerTimeout
        maxRequests = configuration.maxRequestsPerConnection
        maxPipelined = configuration.maxPipelinedRequests
        reading = .idle(since: now)
    }

    /// Requests read or refused whose responses are not yet completely sent.
    var outstanding: Int { nextSequence - finished }

    /// Whether nothing is going on: no request in progress and no response owed. Only such a
    /// connection may be closed to make room or at shutdown without losing anything.
    var isIdle: Bool { idleSince != nil }

    /// Whether the last response is out and the connection only waits for the peer to close.
    var isLingering: Bool { lingeringSince != nil }

    /// Since when the connection has been idle, if it is.
    var idleSince: Instant? {
        if case .idle(let since) = reading, outstanding == 0 { return since }
        return nil
    }

    /// Whether the connection reads further requests.
    var isReading: Bool { reading != .stopped }

    /// Whether another request may be parsed now: reading goes on and the pipeline has room.
    var mayParse: Bool { isReading && outstanding < maxPipelined }

    /// Whether the caller must hear of responses finishing as soon as they do, rather than at
    /// its next look: requests are held behind them, or the pipeline is full.
    var awaitsResponses: Bool { !held.isEmpty || (isReading && outstanding >= maxPipelined) }

    /// The action input calls for now.
    var next: Action {
        if isLingering { return input == .drained ? .none : .linger }
        return mayParse && input != .drained ? .read : .none
    }

    // MARK: Input

    /// The socket announced input (an edge), or a read stopped before it ran dry.
    mutating func inputArrived() {
        if input == .drained { input = .unread }
    }

    /// A read found the socket empty.
    mutating func inputDrained() {
        input = .drained
    }

    /// Parsing stopped with requests left in the buffer, the pipeline being full.
    mutating func inputLeftUnparsed() {
        input = .unparsed
    }

    /// The buffered requests are being parsed; the socket may still hold more.
    mutating func parsingBuffered() {
        input = .unread
    }

    /// Bytes of a new head arrived; the header deadline starts with the first of them.
    mutating func headBytesReceived(at now: Instant) {
        if case .idle = reading { reading = .head(since: now) }
    }

    /// A head with a body was parsed; the body deadlines start.
    mutating func bodyStarted(at now: Instant) {
        if reading != .stopped { reading = .body(since: now, lastByte: now) }
    }

    /// Body bytes arrived.
    mutating func bodyBytesReceived(at now: Instant) {
        if case .body(let since, _) = reading { reading = .body(since: since, lastByte: now) }
    }

    /// The peer closed its sending side: nothing more will arrive. Responses still owed are
    /// sent, then the connection closes.
    mutating func peerClosedInput() -> Action {
        peerClosed = true
        reading = .stopped
        input = .drained
        return outstanding == 0 ? .close : .none
    }

    // MARK: Requests

    /// A whole request was read. Returns its sequence number and whether its response must
    /// carry `Connection: close`: the client asked, it is the last allowed on this connection,
    /// or the server is shutting down.
    mutating func requestReceived(at now: Instant, keepAlive: Bool) -> (sequence: Int, closes: Bool) {
        requestCount += 1
        let sequence = nextSequence
        nextSequence += 1
        let closes = !keepAlive || requestCount >= maxRequests || shuttingDown
        reading = closes ? .stopped : .idle(since: now)
        return (sequence, closes)
    }

    /// Takes a received request: returns it when it may run now, or holds it until the
    /// responses before it are out. A request may run when it is next in line, or when it and
    /// every running request are safe (RFC 9112 §9.3.2 allows answering those in parallel;
    /// responses still leave in order).
    mutating func schedule(_ request: Request) -> Request? {
        guard held.isEmpty, mayRun(request) else {
            held.append(request)
            return nil
        }
        if !request.isSafe { lastUnsafeSequence = request.sequence }
        return request
    }

    /// The server answers a bad or late request itself and then closes. Returns the sequence
    /// number of its response.
    mutating func requestRefused() -> Int {
        reading = .stopped
        input = .drained
        defer { nextSequence += 1 }
        return nextSequence
    }

    // MARK: Responses

    /// `count` more responses were completely handed to the socket. Requests they held back
    /// that may now run are appended to `released`. Once the connection lingers, every
    /// response has been accounted for and none can complete.
    mutating func responsesCompleted(_ count: Int, at now: Instant, releasing released: inout [Request]) -> Action {
        guard count > 0, !isLingering else { return next }
        finished += count
        precondition(finished <= nextSequence, "more responses completed than requests received")
        while let request = held.first, mayRun(request) {
            held.removeFirst()
            if !request.isSafe { lastUnsafeSequence = request.sequence }
            released.append(request)
        }
        guard outstanding == 0 else { return next }
        switch reading {
        case .stopped:
            return startLingering(at: now)
        case .idle:
            reading = .idle(since: now)
        case .head, .body:
            break
        }
        return next
    }

    /// The write side was shut after a response that closes the connection (one the
    /// application decided to close, such as an HTTP/1.0 stream); requests after it are dropped.
    mutating func outputShut(at now: Instant) -> Action {
        guard !isLingering else { return next }
        reading = .stopped
        finished = nextSequence
        return startLingering(at: now)
    }

    private mutating func startLingering(at now: Instant) -> Action {
        held = []
        if peerClosed { return .close }
        lingeringSince = now
        // Whatever the peer sent is read and dropped from here on.
        input = .unread
        return .linger
    }

    private func mayRun(_ request: Request) -> Bool {
        if request.sequence == finished { return true }
        return request.isSafe && lastUnsafeSequence < finished
    }

    // MARK: Time

    /// Checks the deadlines at `now`. `sendStalled` says the responses owed have waited the
    /// send timeout for a client that takes none of their bytes.
    func timerFired(at now: Instant, sendStalled: Bool = false) -> Action {
        if outstanding > 0, sendStalled { return .close }
        if let since = lingeringSince {
            return now - since >= lingerTimeout ? .close : .none
        }
        switch reading {
        case .idle(let since):
            return outstanding == 0 && now - since >= keepAliveTimeout ? .close : .none
        case .head(let since):
            return now - since >= headerTimeout ? .requestTimeout : .none
        case .body(let since, let lastByte):
            let late = now - lastByte >= bodyIdleTimeout || now - since >= bodyTimeout
            return late ? .requestTimeout : .none
        case .stopped:
            return .none
        }
    }

    /// The server began shutting down: an idle connection closes now, a busy one after its
    /// current request, whose response says `Connection: close`.
    mutating func beginShutdown() -> Action {
        shuttingDown = true
        if isIdle {
            reading = .stopped
            return .close
        }
        return .none
    }
}
