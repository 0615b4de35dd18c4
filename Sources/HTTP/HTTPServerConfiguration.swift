import Glibc

/// Every knob of the server in one place, each default documented; `HTTPServer.Configuration`
/// names the same type.
///
/// The limits follow common practice (nginx, Apache, Node): they are generous for a REST API and
/// small enough that one client cannot make the server hold much memory or time.
public struct HTTPServerConfiguration: Sendable {
    /// The address to listen on. Default "0.0.0.0" (every IPv4 interface).
    public var host: String = "0.0.0.0"
    /// The TCP port; 0 picks a free one (read it back from `HTTPServer.localPort`). Default 8080.
    public var port: Int = 8080
    /// The `listen` backlog. Default 1,024.
    public var backlog: Int = 1024

    /// I/O threads, each running one epoll loop. Default: one per core. The loops read and
    /// parse, and answer themselves what needs no blocking (`HTTPResponder.respondWithoutBlocking`),
    /// so they use every core as nginx's workers do; the rest is answered by the workers.
    public var eventLoopCount: Int = HTTPServerConfiguration.processorCount
    /// Threads running `HTTPResponder.respond(to:)`. Default 64, enough for many requests to
    /// block at once (group commit parks dozens of writers on one fsync).
    public var workerCount: Int = 64

    /// Longest request line (method, target, version); longer → 414. Default 8 KiB.
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Longest single header field line; longer → 431. Default 8 KiB.
    public var maxHeaderLineBytes: Int = 8 * 1024
    /// Largest header section (all field lines together); larger → 431. Default 16 KiB.
    public var maxHeaderBlockBytes: Int = 16 * 1024
    /// Most header fields in one request; more → 431. Default 100.
    public var maxHeaderFields: Int = 100
    /// Largest request body, judged from `Content-Length` before reading and counted as chunks
    /// arrive; larger → 413. Default 1 MiB.
    public var maxBodyBytes: Int = 1024 * 1024

    /// Time allowed for a whole header section from its first byte; then 408 and close, which
    /// defeats slowloris. Default 10 s.
    public var headerTimeout: Duration = .seconds(10)
    /// Longest silence while a body is being received; then 408 and close. Default 15 s.
    public var bodyIdleTimeout: Duration = .seconds(15)
    /// Longest time a body may take in all; then 408 and close. Default 60 s.
    public var bodyTimeout: Duration = .seconds(60)
    /// How long a persistent connection may sit idle between requests before it is closed.
    /// Default 30 s.
    public var keepAliveTimeout: Duration = .seconds(30)
    /// How long a response may wait for the client to take any of its bytes; then the
    /// connection is closed, so that a client that stops reading cannot hold the responses
    /// queued for it forever. Default 60 s (nginx's `send_timeout`).
    public var sendTimeout: Duration = .seconds(60)
    /// How long a closing connection keeps reading (and discarding) after its last response, so
    /// that unread request bytes do not turn the close into a reset that destroys the response
    /// (RFC 9112 §9.6). Default 2 s.
    public var lingerTimeout: Duration = .seconds(2)

    /// Requests served on one connection; the last response carries `Connection: close`.
    /// Default 1,000.
    public var maxRequestsPerConnection: Int = 1000
    /// Requests parsed ahead and not yet answered on one connection; past this the server stops
    /// reading that connection until responses go out. Default 16.
    public var maxPipelinedRequests: Int = 16
    /// Open connections; when full, the oldest idle ones are closed to make room, and a new one
    /// is refused if none is idle. Default 10,000.
    public var maxConnections: Int = 10_000
    /// Open connections from one peer address; when it has this many, its oldest idle one is
    /// closed to make room for its next, which is refused if none of its connections is idle.
    /// Slow clients from one address then cannot take every slot. Default 256.
    public var maxConnectionsPerAddress: Int = 256
    /// Peers exempt from `maxConnectionsPerAddress`: load balancers and proxies, through which
    /// many clients arrive from one address. Default: none.
    public var trustedProxies = TrustedProxies()
    /// How long accepting pauses after `accept` fails for lack of resources (EMFILE, ENFILE,
    /// ENOBUFS, ENOMEM) instead of spinning on the error. Default 100 ms.
    public var acceptBackoff: Duration = .milliseconds(100)
    /// Bytes a streamed response may have buffered before `write` waits and `offer` declines.
    /// Default 256 KiB.
    public var streamHighWaterMark: Int = 256 * 1024

    /// The defaults above.
    public init() {}

    /// The defaults with another address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    private static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
