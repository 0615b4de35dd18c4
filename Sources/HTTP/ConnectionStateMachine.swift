/// The life of one connection around its requests: which deadline applies, when reading stops,
/// when to close. A value type fed events with the time passed in; the event loop does whatever
/// I/O it asks for, and tests drive it with a made-up clock.
struct ConnectionStateMachine {
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

    /// What a deadline asks of the loop.
    enum TimeoutAction: Equatable {
        /// Nothing is due.
        case none
        /// Close without a response (keep-alive idle, or lingering done).
        case close
        /// Answer 408 after the responses already queued, then close (RFC 9110 §15.5.9).
        case requestTimeout
    }

    /// What the loop must do after responses completed or the peer stopped sending.
    enum CloseAction: Equatable {
        /// Keep going.
        case none
        /// Close the socket now.
        case close
        /// The last response is out and the write side shut: read and discard until the peer
        /// closes or the linger deadline passes (RFC 9112 §9.6).
        case linger
    }

    /// The configuration's deadlines and request cap, kept as plain values so that copying the
    /// machine retains nothing.
    private let headerTimeout, bodyIdleTimeout, bodyTimeout, keepAliveTimeout, lingerTimeout: Duration
    private let maxRequests: Int
    /// Where reading stands.
    private(set) var reading: Reading
    /// Requests parsed (or refused) whose responses are not yet completely sent.
    private(set) var outstanding = 0
    /// Requests read on this connection.
    private(set) var requestCount = 0
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
        reading = .idle(since: now)
    }

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
    var isReading: Bool {
        reading != .stopped
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

    /// A whole request was read and is being answered. Returns whether its response must
    /// carry `Connection: close`: the client asked, it is the last allowed on this connection,
    /// or the server is shutting down.
    mutating func requestReceived(at now: Instant, keepAlive: Bool) -> Bool {
        requestCount += 1
        outstanding += 1
        let closes = !keepAlive || requestCount >= maxRequests || shuttingDown
        reading = closes ? .stopped : .idle(since: now)
        return closes
    }

    /// The server answers a bad or late request itself and then closes.
    mutating func requestRefused() {
        outstanding += 1
        reading = .stopped
    }

    /// `count` responses were completely handed to the socket.
    mutating func responsesCompleted(_ count: Int, at now: Instant) -> CloseAction {
        outstanding -= count
        precondition(outstanding >= 0, "more responses completed than requests received")
        guard outstanding == 0 else { return .none }
        switch reading {
        case .stopped:
            if peerClosed { return .close }
            lingeringSince = now
            return .linger
        case .idle:
            reading = .idle(since: now)
            return .none
        case .head, .body:
            return .none
        }
    }

    /// The write side was shut after a response that closes the connection (one the worker
    /// decided to close, such as an HTTP/1.0 stream); requests after it are dropped.
    mutating func outputShut(at now: Instant) -> CloseAction {
        reading = .stopped
        outstanding = 0
        if peerClosed { return .close }
        lingeringSince = now
        return .linger
    }

    /// The peer closed its sending side: nothing more will arrive. Responses still owed are
    /// sent, then the connection closes.
    mutating func peerClosedInput() -> CloseAction {
        peerClosed = true
        reading = .stopped
        return outstanding == 0 ? .close : .none
    }

    /// The server began shutting down: an idle connection closes now, a busy one after its
    /// current request, whose response says `Connection: close`.
    mutating func beginShutdown() -> CloseAction {
        shuttingDown = true
        if isIdle {
            reading = .stopped
            return .close
        }
        return .none
    }

    /// Whether a deadline has passed at `now`.
    func timeoutAction(at now: Instant) -> TimeoutAction {
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
}
