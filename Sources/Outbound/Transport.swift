/// A connected byte stream to a receiver, every wait on it bounded by a deadline: a plain socket
/// (`ClientSocket`) or TLS over one (`TLSStream`).
protocol Transport: AnyObject {
    /// The peer's address as text, such as `127.0.0.1:8080`.
    var peer: String { get }
    /// Writes all of `bytes` by `deadline`.
    func write(_ bytes: [UInt8], before deadline: ContinuousClock.Instant) throws(OutboundError)
    /// Reads what has arrived, up to `count` bytes, waiting for some until `deadline`; empty at the end of the stream.
    func read(upTo count: Int, before deadline: ContinuousClock.Instant) throws(OutboundError) -> [UInt8]
}
