import Synchronization

/// What every event loop and worker of one server shares.
final class ServerContext: Sendable {
    /// The server's configuration.
    let configuration: HTTPServerConfiguration
    /// The application.
    let responder: any HTTPResponder
    /// Where exchanges are reported.
    let observer: (any HTTPServerObserver)?
    /// The threads answering requests.
    let pool = WorkerPool()
    /// One mailbox per event loop, in loop order.
    let mailboxes: [EventLoopMailbox]
    /// The listening socket, accepted on by loop 0.
    let listener: Int32
    /// Accepted connections not yet closed, across all loops.
    let openConnections = Atomic<Int>(0)
    /// Accepted connections not yet closed, by peer address, of those the per-address cap counts.
    let connectionsByAddress = AddressConnectionCounts()
    /// Set once shutdown begins; responses finished after it carry `Connection: close`.
    let isShuttingDown = Atomic<Bool>(false)

    /// A context for a server listening on `listener`.
    init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder, observer: (any HTTPServerObserver)?,
        mailboxes: [EventLoopMailbox], listener: Int32
    ) {
        self.configuration = configuration
        self.responder = responder
        self.observer = observer
        self.mailboxes = mailboxes
        self.listener = listener
    }
}
