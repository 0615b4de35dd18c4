/// The one seam between the server and an application: a request in, a response out.
///
/// The server calls `respond(to:)` on a worker thread, never on the I/O loop, so an implementation
/// may block on storage. It is called concurrently for different connections.
public protocol HTTPResponder: Sendable {
    /// Answers one request.
    func respond(to request: HTTPRequest) -> HTTPResponse
}
