/// The sink of a streamed response body, safe to use from any thread.
///
/// Each write becomes one chunk. The connection buffers at most a bounded number of bytes
/// (`HTTPServer.Configuration.streamHighWaterMark`); past that, `write` waits and `offer`
/// declines, so a client that reads slowly never makes the server buffer without bound.
public protocol ResponseBodyWriter: AnyObject, Sendable {
    /// Sends bytes as one chunk, waiting while the connection's buffer is above its high-water
    /// mark. Returns false once the connection is closed; the bytes are then dropped.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool

    /// Sends bytes as one chunk if the buffer has room, without waiting. Returns false, taking
    /// nothing, when the buffer is full or the connection is closed.
    func offer(_ bytes: [UInt8]) -> Bool

    /// Whether the connection is still open and the body not yet finished.
    var isOpen: Bool { get }

    /// Ends the body with the last chunk. Later writes are ignored.
    func finish()

    /// Registers a closure run once when the connection closes or the body finishes; at once
    /// if that has already happened.
    func onClose(_ handler: @escaping @Sendable () -> Void)
}
