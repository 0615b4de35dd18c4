/// One connection's HTTP/1.1 protocol: which requests may run, the responses owed and what to
/// send, which deadline applies, whether to read, when to linger and close.
///
/// A value type fed events with the time passed in (bytes of a head or body arrived, a request
/// was parsed or refused, a response finished, the socket took n bytes, the peer half-closed,
/// the socket has input, the timer fired, shutdown began), returning the action the caller
/// must carry out — the pattern of Hummingbird's `HTTPConnectionStateHandler`. The event loop
/// does all the I/O and knows nothing of HTTP, as redis's `ae.c` knows nothing of
/// `networking.c`; tests drive it with a made-up clock.
///
/// Not generic: the loop calls it on every event, and a generic value would have its copies
/// made through value witnesses and its metadata looked up at run time.
struct ConnectionProtocol {
    /// The clock's instants; tests make their own.
    typealias Instant = MonotonicInstant
    /// A request the protocol may hold back: its place in the order and whether it is safe.
    typealias Request = ResponderJob
    /// A streamed response's producer.
    typealias Stream = ResponseQueue.Stream

    /// Where the connection is in reading requests.
    typealias Reading = ConnectionReading
    /// Input the caller has not consumed yet.
    typealias Input = ConnectionInput
    /// What the caller must do next.
    typealias Action = ConnectionAction

    /// The configuration's deadlines and limits, kept as plain values.
    private let headerTimeout, bodyIdleTimeout, bodyTimeout, keepAliveTimeout, lingerTimeout, sendTimeout: Duration
    private let maxRequests, maxPipelined: Int
    /// Where reading stands.
    private(set) var reading: Reading
    /// Input not consumed yet.
    private(set) var input = Input.drained
    /// Requests read (or refused) on this connection: the sequence number of the next one.
    private(set) var nextSequence = 0
    /// The responses owed, in order.
    private(set) var responses: ResponseQueue
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
        sendTimeout = configuration.sendTimeout
        maxRequests = configuration.maxRequestsPerConnection
        maxPipelined = configuration.maxPipelinedRequests
        reading = .idle(since: now)
        // At most `maxPipelined` are outstanding, plus one the server refuses itself.
        responses = ResponseQueue(capacity: maxPipelined + 2)
    }

    /// Responses completely sent: the sequence number of the one being sent.
    @inline(__always) var finished: Int { responses.head }

    /// Requests read or refused whose responses are not yet completely sent; none once the
    /// output is shut, as no more will be.
    @inline(__always) var outstanding: Int { responses.isOutputShut ? 0 : nextSequence - finished }

    /// Whether nothing is going on: no request in progress and no response owed. Only such a
    /// connection may be closed to make room or at shutdown without losing anything.
    @inline(__always) var isIdle: Bool { idleSince != nil }

    /// Whether the last response is out and the connection only waits for the peer to close.
    @inline(__always) var isLingering: Bool { lingeringSince != nil }

    /// Since when the connection has been idle, if it is.
    @inline(__always) var idleSince: Instant? {
        if case .idle(let since) = reading, outstanding == 0 { return since }
        return nil
    }

    /// Whether the connection reads further requests.
    @inline(__always) var isReading: Bool {
        if case .stopped = reading { return false }
        return true
    }

    /// Whether another request may be parsed now: reading goes on and the pipeline has room.
    @inline(__always) var mayParse: Bool { isReading && outstanding < maxPipelined }

    /// The action input calls for now.
    @inline(__always) var next: Action {
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
        if isReading { reading = .body(since: now, lastByte: now) }
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

    /// Takes a received request: appends it to `running` when it may run now, or holds it until
    /// the responses before it are out. A request may run when it is next in line, or when it and
    /// every running request are safe (RFC 9112 §9.3.2 allows answering those in parallel;
    /// responses still leave in order).
    mutating func schedule(_ request: consuming Request, into running: inout [Request]) {
        guard held.isEmpty, mayRun(request) else {
            held.append(request)
            return
        }
        if !request.isSafe { lastUnsafeSequence = request.sequence }
        running.append(request)
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

    /// Adds bytes to a response that is not complete yet: an interim `100 Continue`, or the
    /// head of a stream, which from then on hears of bytes sent and of closing. False when
    /// nothing more can be sent.
    mutating func responseStarted(_ bytes: [UInt8], to sequence: Int, stream: Stream? = nil) -> Bool {
        responses.append(bytes, to: sequence, stream: stream)
    }

    /// A chunk of a streamed response is ready; false when nothing more can be sent.
    mutating func chunkReady(_ bytes: [UInt8], to sequence: Int) -> Bool {
        responses.appendChunk(bytes, to: sequence)
    }

    /// A response finished with its last bytes, and a large body held apart from them.
    mutating func responseFinished(
        _ sequence: Int, with bytes: [UInt8], body: [UInt8] = [], record: ExchangeRecord?, closesAfter: Bool
    ) {
        responses.complete(sequence, with: bytes, body: body, record: record, closesAfter: closesAfter)
    }

    /// The bytes to hand the socket next; empty when none are ready.
    @inline(__always) var pendingBytes: ArraySlice<UInt8> { responses.pendingBytes }

    /// Whether more ready bytes follow `pendingBytes`.
    @inline(__always) var hasMoreAfterPending: Bool { responses.hasMoreAfterPending }

    /// Whether response bytes wait for a client that has not taken them.
    @inline(__always) var isBlocked: Bool { responses.blockedSince != nil }

    /// The socket took `count` of `pendingBytes` at `now` (0 when it was full or nothing was
    /// pending). Requests the completed responses held back that may now run are appended to
    /// `released`; `progress` tells what the queue found (exchanges finished, a stream's bytes
    /// sent, the output to shut).
    mutating func socketTook(
        _ count: Int, at now: Instant, releasing released: inout [Request]
    )
        -> (action: Action, progress: ResponseQueue.Progress)
    {
        let progress = responses.socketTook(count, at: now)
        if progress.shutsOutput { return (outputShut(at: now), progress) }
        guard progress.completed > 0 else { return (next, progress) }
        return (responsesCompleted(at: now, releasing: &released), progress)
    }

    /// Sending failed or the connection is closing: returns the streams to tell.
    mutating func close() -> [Stream] {
        responses.close()
    }

    private mutating func responsesCompleted(at now: Instant, releasing released: inout [Request]) -> Action {
        guard !isLingering else { return next }
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
    private mutating func outputShut(at now: Instant) -> Action {
        guard !isLingering else { return next }
        reading = .stopped
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

    /// The kernel saw the client take bytes since the last check, though too few for a write
    /// to get through: the send clock restarts.
    mutating func clientIsReading(at now: Instant) {
        responses.clientMadeProgress(at: now)
    }

    /// Checks the deadlines at `now`. Responses that waited the send timeout for a client that
    /// took nothing close the connection.
    func timerFired(at now: Instant) -> Action {
        if outstanding > 0, responses.hasStalled(at: now, limit: sendTimeout) { return .close }
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
