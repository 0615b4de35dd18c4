import CSystem
import Glibc

/// One I/O thread: an epoll loop over its share of the connections, redis `ae.c`-style.
///
/// Sockets are registered once, edge-triggered, for input and output: the registration never
/// changes (no `epoll_ctl` per response to arm or disarm `EPOLLOUT`), and the loop hears about
/// output only when a write had found the socket full. The price is that input must be read
/// until `EAGAIN` or remembered as pending, which the connection's protocol does
/// (`Input.unread`). Only the loop touches its sockets: workers and stream writers post their
/// responses to its mailbox.
///
/// The loop knows nothing of HTTP: it turns readiness, mailbox news and its sweeps into events
/// for each connection's `ConnectionProtocol` and carries out the actions it returns.
///
/// Created and used on its own thread only; other threads reach it through its mailbox.
final class EventLoop {
    /// The loop's clock readings.
    typealias Instant = MonotonicInstant

    /// The epoll tag of the listening socket.
    static let listenerToken = UInt64.max
    /// The epoll tag of the mailbox's eventfd.
    static let mailboxToken = UInt64.max - 1
    /// Bytes read from one connection per pass before the others get a turn.
    static let readBudget = 256 * 1024

    /// The loop's place among the server's loops; loop 0 accepts.
    let index: Int
    /// What the server's threads share.
    let context: ServerContext
    /// Messages from other threads.
    let mailbox: EventLoopMailbox
    /// The readiness source.
    let epoll: Epoll
    /// The server's configuration.
    var configuration: HTTPServerConfiguration { context.configuration }

    /// Connections by descriptor.
    var connections: [Connection?] = []
    /// Connections open on this loop.
    var connectionCount = 0
    /// Idle connections, oldest first, for making room when the server is full.
    var idle = IdleList()
    /// Connections that used up their read budget and are read again next pass.
    var moreToRead: [Connection] = []
    /// Requests parsed this pass, answered or handed to the workers at its end.
    var jobs: [ResponderJob] = []
    /// The jobs being dispatched, while answering them adds to `jobs`.
    var batch: [ResponderJob] = []
    /// Identifiers for requests that bring none.
    var requestIDs = RequestIDGenerator()
    /// Encodes the responses the loop makes itself (errors, timeouts).
    var encoder = ResponseEncoder()
    /// Encodes the answers to the requests the loop answers; apart from `encoder` because
    /// sending an answer may parse the connection's next request, or refuse it.
    var jobEncoder = ResponseEncoder()
    /// Where every connection of the loop reads into.
    let readBuffer: UnsafeMutableBufferPointer<UInt8>
    /// The time, read once per pass.
    var now: Instant
    /// When deadlines are next checked.
    var nextSweep: Instant
    /// Where the next sweep pass starts in `connections`.
    var sweepCursor = 0
    /// How often deadlines are checked.
    let sweepInterval: Duration
    /// When accepting resumes after a resource error, if paused.
    var acceptResumesAt: Instant?
    /// The loop the next accepted connection goes to.
    var nextLoopForAccept = 0
    /// The pass in which the loop last swept early to find an idle connection to close.
    var sweptForRoomAt: Instant?
    /// The serial of the last connection adopted.
    var nextSerial: UInt32 = 0
    /// Whether shutdown began; the loop ends once its connections are gone.
    var isShuttingDown = false

    /// A loop for `mailbox`; loop 0 also accepts.
    init(index: Int, context: ServerContext) throws(SystemError) {
        self.index = index
        self.context = context
        mailbox = context.mailboxes[index]
        epoll = try Epoll()
        readBuffer = .allocate(capacity: 64 * 1024)
        now = .now
        sweepInterval = Self.sweepInterval(for: context.configuration)
        nextSweep = now + sweepInterval
        try epoll.add(mailbox.eventFD, events: EPOLLIN.rawValue, data: Self.mailboxToken)
        if index == 0 {
            try epoll.add(context.listener, events: EPOLLIN.rawValue, data: Self.listenerToken)
        }
    }

    deinit {
        readBuffer.deallocate()
        epoll.close()
    }

    /// Deadlines are checked by sweeping every connection a few times per shortest timeout,
    /// at most once a second, as redis's `clientsCron` does: timeouts are coarse by nature,
    /// and a sweep costs nothing per request, where a timer heap or wheel would be touched on
    /// every request and response. At 10,000 connections a sweep is a few hundred microseconds.
    private static func sweepInterval(for configuration: HTTPServerConfiguration) -> Duration {
        let shortest = [
            configuration.headerTimeout, configuration.bodyIdleTimeout, configuration.bodyTimeout,
            configuration.keepAliveTimeout, configuration.lingerTimeout, configuration.sendTimeout,
        ].min()!
        return min(.seconds(1), max(.milliseconds(5), shortest / 8))
    }

    /// Runs until shutdown has closed every connection.
    func run() {
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: 256)
        defer { events.deallocate() }
        while !(isShuttingDown && connectionCount == 0) {
            let count = (try? epoll.wait(into: events, timeout: waitTimeout())) ?? 0
            now = .now
            for event in events[..<count] {
                handle(event.events, token: event.data.u64)
            }
            readAgain()
            if now >= nextSweep { sweep() }
            if let resume = acceptResumesAt, now >= resume { resumeAccepting() }
            if !jobs.isEmpty { dispatchJobs() }
            context.pool.rebalance(now: now)
        }
    }

    /// Answers the pass's requests that the application can answer without blocking, in order,
    /// and hands the rest to the workers in one batch. Answers sent here may release requests
    /// held behind them, which join the next round.
    private func dispatchJobs() {
        var forWorkers: [ResponderJob] = []
        while !jobs.isEmpty {
            swap(&jobs, &batch)
            for job in batch {
                let sink = DirectSink(loop: self, fd: job.connection.fd, serial: job.connection.serial)
                if !job.runWithoutBlocking(in: context, encoder: &jobEncoder, to: sink) { forWorkers.append(job) }
            }
            batch.removeAll(keepingCapacity: true)
        }
        if !forWorkers.isEmpty { context.pool.submit(forWorkers) }
    }

    /// Milliseconds until the next sweep or accept resumption; zero when reads are pending,
    /// and at most one while jobs wait for a worker, so the pool is rebalanced in time.
    private func waitTimeout() -> Int32 {
        if !moreToRead.isEmpty { return 0 }
        if context.pool.hasWaitingJobs { return 1 }
        let next = min(nextSweep, acceptResumesAt ?? nextSweep)
        let wait = Instant.now.duration(to: next).components
        return Int32(clamping: max(0, wait.seconds * 1000 + wait.attoseconds / 1_000_000_000_000_000 + 1))
    }

    private func handle(_ events: UInt32, token: UInt64) {
        switch token {
        case Self.listenerToken:
            acceptConnections()
        case Self.mailboxToken:
            for message in mailbox.receive() { handle(message) }
        default:
            let fd = Int32(truncatingIfNeeded: token)
            guard let connection = connection(fd: fd, serial: UInt32(truncatingIfNeeded: token >> 32)) else { return }
            if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                close(connection)
                return
            }
            // Output room alone is common (each acknowledgement can bring it) and usually
            // finds nothing waiting; only what it leads to is carried out.
            let hasInput = events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0
            if hasInput { connection.http.inputArrived() }
            let writable = events & EPOLLOUT.rawValue != 0 && !connection.http.pendingBytes.isEmpty
            let action = writable ? write(connection) : connection.http.next
            if hasInput || action != .none { carryOut(action, on: connection) }
        }
    }

    private func handle(_ message: EventLoopMailbox.Message) {
        switch message {
        case .adopt(let arrival):
            adopt(arrival)
        case .delivery(let fd, let serial, let delivery):
            deliver(delivery, fd: fd, serial: serial)
        case .shutdown:
            beginShutdown()
        case .forceClose:
            isShuttingDown = true
            for case let connection? in connections { close(connection) }
        }
    }

    /// The live connection with this descriptor and serial, if it is still open.
    func connection(fd: Int32, serial: UInt32) -> Connection? {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)],
            connection.serial == serial
        else { return nil }
        return connection
    }

    /// Closes a connection: its socket, its slot and its place in the idle list; its stream
    /// writers hear of it.
    func close(_ connection: Connection) {
        guard connections[Int(connection.fd)] === connection else { return }
        connection.http.close().forEach { $0.connectionClosed() }
        _ = Glibc.close(connection.fd)
        connections[Int(connection.fd)] = nil
        connectionCount -= 1
        context.openConnections.subtract(1, ordering: .relaxed)
        if connection.isCappedByAddress { context.connectionsByAddress.closed(connection.remoteAddress) }
        removeFromIdle(connection)
    }

    private func beginShutdown() {
        isShuttingDown = true
        if index == 0 {
            if acceptResumesAt == nil { try? epoll.remove(context.listener) }
            // Closing the listener makes new connection attempts fail at once rather than
            // wait in the backlog for a server that is going away.
            _ = Glibc.close(context.listener)
        }
        acceptResumesAt = nil
        for case let connection? in connections where connection.http.beginShutdown() == .close {
            close(connection)
        }
    }
}
