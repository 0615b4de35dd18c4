// The vocabulary of `ConnectionProtocol`: the actions it asks for and the states it keeps.

/// What a connection's protocol asks its event loop to do next.
enum ConnectionAction: Equatable {
    /// Nothing for now.
    case none
    /// Read (or parse what is buffered): input waits and requests may be taken.
    case read
    /// Answer 408 after the responses already queued, then close (RFC 9110 §15.5.9).
    case requestTimeout
    /// The last response is out and the write side shut: read and discard until the peer
    /// closes or the linger deadline passes (RFC 9112 §9.6).
    case linger
    /// Close the socket now.
    case close
}

/// Where a connection is in reading requests.
enum ConnectionReading: Equatable {
    /// Between requests, since the last response went out (or the connection opened).
    case idle(since: MonotonicInstant)
    /// Part of a head has arrived; the header deadline runs from its first byte.
    case head(since: MonotonicInstant)
    /// A body is arriving; its idle and total deadlines run.
    case body(since: MonotonicInstant, lastByte: MonotonicInstant)
    /// No further request will be read; the connection closes once its responses are out.
    case stopped
}

/// Input a connection's event loop has not consumed yet.
enum ConnectionInput: Equatable {
    /// The socket was read until it had nothing more.
    case drained
    /// The socket may hold bytes: reading stopped before it ran dry, or an edge announced some.
    case unread
    /// Received bytes hold requests left unparsed because the pipeline was full.
    case unparsed
}
