/// A streamed response's producer as the event loop sees it: told how many of its bytes the
/// socket took, so that it may produce more, and that its connection closed. The server's
/// `StreamBodyWriter`; tests stand in for it.
protocol ResponseStream: AnyObject {
    /// The socket took `count` of this response's bytes; called by the loop.
    func sent(_ count: Int)
    /// The connection closed before the body finished; called by the loop.
    func connectionClosed()
}
