import Dispatch
import Foundation
import Glibc
import Locking
import Synchronization

/// An HTTP/1.1 server: epoll event loops own the sockets, a worker pool runs the responder.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), responder: app)
/// try server.start()
/// print(server.localPort)
/// server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    /// The server's settings; see `HTTPServerConfiguration` for each default.
    public typealias Configuration = HTTPServerConfiguration

    private enum Phase {
        case idle
        case running(ServerContext, port: Int)
        case stopping(ServerContext, port: Int)
        case stopped(port: Int)
    }

    private let configuration: Configuration
    private let responder: any HTTPResponder
    private let observer: (any HTTPServerObserver)?
    private let phase = Mutex(Phase.idle)
    private let loopsRunning = DispatchGroup()
    private let running = DispatchGroup()

    /// A server that will answer with `responder` and report exchanges to `observer`.
    public init(configuration: Configuration, responder: any HTTPResponder, observer: (any HTTPServerObserver)? = nil) {
        self.configuration = configuration
        self.responder = responder
        self.observer = observer
    }

    /// Binds `host:port`, listens, and starts the event loops and workers; returns at once.
    /// Throws `SystemError` when the address cannot be bound.
    public func start() throws {
        try phase.withLock { phase in
            guard case .idle = phase else { return }
            let (listener, port) = try Socket.listen(
                host: configuration.host, port: configuration.port,
                backlog: configuration.backlog)
            let loopCount = max(1, configuration.eventLoopCount)
            let mailboxes: [EventLoopMailbox]
            do {
                mailboxes = try (0..<loopCount).map { _ throws(SystemError) in try EventLoopMailbox() }
            } catch {
                _ = Glibc.close(listener)
                throw error
            }
            let context = ServerContext(
                configuration: configuration, responder: responder, observer: observer,
                mailboxes: mailboxes, listener: listener)
            context.pool.start(count: max(1, configuration.workerCount), context: context)
            do {
                try startLoops(context)
            } catch {
                context.pool.stop(waitingAtMost: .seconds(1))
                _ = Glibc.close(listener)
                throw error
            }
            running.enter()
            phase = .running(context, port: port)
        }
    }

    /// Starts one thread per loop and waits until each has its epoll instance.
    private func startLoops(_ context: ServerContext) throws {
        let failure = Mutex<SystemError?>(nil)
        let ready = DispatchGroup()
        for index in context.mailboxes.indices {
            ready.enter()
            loopsRunning.enter()
            startThread(named: "http-loop-\(index)") { [loopsRunning] in
                defer { loopsRunning.leave() }
                let loop: EventLoop
                do throws(SystemError) {
                    loop = try EventLoop(index: index, context: context)
                } catch {
                    failure.withLock { $0 = error }
                    ready.leave()
                    return
                }
                ready.leave()
                loop.run()
            }
        }
        ready.wait()
        if let error = failure.withLock({ $0 }) {
            context.mailboxes.forEach { $0.post(.forceClose) }
            throw error
        }
    }

    /// The bound port, after `start`; 0 before.
    public var localPort: Int {
        phase.withLock { phase in
            switch phase {
            case .idle: 0
            case .running(_, let port), .stopping(_, let port), .stopped(let port): port
            }
        }
    }

    /// Connections currently open.
    public var openConnections: Int {
        phase.withLock { phase in
            switch phase {
            case .running(let context, _), .stopping(let context, _):
                context.openConnections.load(ordering: .relaxed)
            case .idle, .stopped:
                0
            }
        }
    }

    /// Connections currently open from `address` that count toward its cap (none from a
    /// trusted proxy).
    public func openConnections(from address: String) -> Int {
        phase.withLock { phase in
            switch phase {
            case .running(let context, _), .stopping(let context, _):
                context.connectionsByAddress.count(of: address)
            case .idle, .stopped:
                0
            }
        }
    }

    /// Whether `shutdown` has begun (it stays true once stopped).
    public var isShuttingDown: Bool {
        phase.withLock { phase in
            switch phase {
            case .idle, .running: false
            case .stopping, .stopped: true
            }
        }
    }

    /// Graceful: stop accepting, close idle keep-alive connections, let in-flight requests
    /// finish (up to `grace`), answer further requests on kept-alive connections with
    /// `Connection: close`, then close everything. Blocks until done. Idempotent.
    public func shutdown(grace: Duration = .seconds(10)) {
        let deadline = ContinuousClock.now + grace
        let context = phase.withLock { phase -> ServerContext? in
            switch phase {
            case .idle:
                phase = .stopped(port: 0)
                return nil
            case .running(let context, let port):
                phase = .stopping(context, port: port)
                return context
            case .stopping, .stopped:
                return nil
            }
        }
        guard let context else { return waitUntilStopped() }
        context.isShuttingDown.store(true, ordering: .relaxed)
        context.mailboxes.forEach { $0.post(.shutdown) }
        if loopsRunning.wait(timeout: Self.dispatchTime(at: deadline)) == .timedOut {
            context.mailboxes.forEach { $0.post(.forceClose) }
            loopsRunning.wait()
        }
        // Handlers still running past the grace period are not waited for much longer: their
        // responses have nowhere to go, and a stuck one must not hang the process.
        context.pool.stop(waitingAtMost: max(.milliseconds(100), ContinuousClock.now.duration(to: deadline)))
        context.mailboxes.forEach { $0.close() }
        phase.withLock { phase in
            if case .stopping(_, let port) = phase { phase = .stopped(port: port) }
        }
        running.leave()
    }

    /// Blocks until `shutdown` has completed; returns at once if the server never started.
    public func waitUntilStopped() {
        running.wait()
    }

    private static func dispatchTime(at deadline: ContinuousClock.Instant) -> DispatchTime {
        let remaining = ContinuousClock.now.duration(to: deadline).components
        let nanoseconds = max(0, remaining.seconds * 1_000_000_000 + remaining.attoseconds / 1_000_000_000)
        return .now() + .nanoseconds(Int(nanoseconds))
    }
}
