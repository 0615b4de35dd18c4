/// The one seam between the server and an application: a request in, a response out.
///
/// The server calls `respond(to:)` on a worker thread, never on the I/O loop, so an implementation
/// may block on storage. It is called concurrently for different connections.
///
/// Handing a request to a worker costs a wake-up and two context switches, more than a point
/// read from a warm database. So the loop first offers each request to
/// `respondWithoutBlocking(to:)`, which answers on the loop's own thread the requests that need
/// no waiting, and returns nil for the rest, which then go to a worker.
public protocol HTTPResponder: Sendable {
    /// Answers one request.
    func respond(to request: HTTPRequest) -> HTTPResponse

    /// Answers the request if that needs no blocking (no waiting for other threads, locks held
    /// long, the network or slow storage), else nil, and the request goes to `respond(to:)` on a
    /// worker. Runs on an event loop: while it runs, that loop's other connections wait. A
    /// streamed body's producer must not block either. The request arrives with `mayWait` false.
    func respondWithoutBlocking(to request: HTTPRequest) -> HTTPResponse?
}

extension HTTPResponder {
    /// Every request goes to a worker.
    public func respondWithoutBlocking(to request: HTTPRequest) -> HTTPResponse? { nil }
}

/// Thrown by a handler answering on an event loop (`HTTPRequest.mayWait` false) when it would
/// have to wait; the request is then answered on a worker instead.
public struct WouldBlock: Error, Sendable {
    public init() {}
}
