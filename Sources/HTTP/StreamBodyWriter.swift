import Dispatch
import Synchronization

/// The server's `ResponseBodyWriter`: each write becomes one chunk (RFC 9112 §7.1) of the
/// response with its sequence number, or raw bytes for an HTTP/1.0 client, whose body ends
/// when the connection closes. Chunks go to the connection's event loop, which sends them and
/// reports how many bytes the socket took (`sent`); the writer counts what is still unsent
/// and holds writers back while that passes the high-water mark.
final class StreamBodyWriter: ResponseBodyWriter, ResponseStream {
    private struct State {
        var finished = false
        var handlers: [@Sendable () -> Void] = []
        var record: ExchangeRecord?
        /// Bytes handed to the loop and not yet taken by the socket.
        var unsent: Int
        /// Writers waiting for `unsent` to drop below the high-water mark.
        var waiters = 0
    }

    private let connection: ConnectionHandle
    private let sequence: Int
    private let chunked: Bool
    private let closesAfter: Bool
    private let highWaterMark: Int
    private let room = DispatchSemaphore(value: 0)
    private let state: Mutex<State>

    /// A writer for the response `sequence` on `connection`, whose head of `headBytes` is on
    /// its way.
    init(
        connection: ConnectionHandle, sequence: Int, chunked: Bool, closesAfter: Bool, highWaterMark: Int,
        headBytes: Int, record: ExchangeRecord?
    ) {
        self.connection = connection
        self.sequence = sequence
        self.chunked = chunked
        self.closesAfter = closesAfter
        self.highWaterMark = highWaterMark
        state = Mutex(State(record: record, unsent: headBytes))
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        send(bytes, waits: true)
    }

    func offer(_ bytes: [UInt8]) -> Bool {
        send(bytes, waits: false)
    }

    var isOpen: Bool {
        !state.withLock { $0.finished }
    }

    func finish() {
        let handlers = state.withLock { state -> [@Sendable () -> Void]? in
            guard !state.finished else { return nil }
            state.finished = true
            // Delivered under the lock, so that it cannot overtake a chunk being delivered.
            connection.deliver(
                .finished(
                    sequence: sequence, bytes: chunked ? Array("0\r\n\r\n".utf8) : [], body: [],
                    record: state.record, closesAfter: closesAfter))
            defer { state.handlers = [] }
            return state.handlers
        }
        handlers?.forEach { $0() }
    }

    func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            if state.finished { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// The socket took `count` of this response's bytes; called by the loop.
    func sent(_ count: Int) {
        let woken = state.withLock { state -> Int in
            state.unsent = max(0, state.unsent - count)
            guard state.unsent < highWaterMark else { return 0 }
            defer { state.waiters = 0 }
            return state.waiters
        }
        for _ in 0..<woken { room.signal() }
    }

    /// The connection closed before the body finished; called by the loop.
    func connectionClosed() {
        let (handlers, woken) = state.withLock { state -> ([@Sendable () -> Void], Int) in
            guard !state.finished else { return ([], 0) }
            state.finished = true
            defer {
                state.handlers = []
                state.waiters = 0
            }
            return (state.handlers, state.waiters)
        }
        for _ in 0..<woken { room.signal() }
        handlers.forEach { $0() }
    }

    /// Hands a chunk to the loop unless the bytes still unsent would pass the high-water mark,
    /// in which case `write` waits for room and `offer` declines. One chunk is always accepted
    /// when nothing is unsent, so the bound is the larger of the mark and one chunk.
    private func send(_ bytes: [UInt8], waits: Bool) -> Bool {
        // An empty chunk would read as the last chunk, so there is nothing to send.
        guard !bytes.isEmpty else { return isOpen }
        var chunk = bytes
        if chunked {
            chunk = Array(String(bytes.count, radix: 16).utf8) + [HTTPSyntax.cr, HTTPSyntax.lf]
            chunk.reserveCapacity(chunk.count + bytes.count + 2)
            chunk += bytes
            chunk += [HTTPSyntax.cr, HTTPSyntax.lf]
        }
        while true {
            let accepted = state.withLock { state -> Bool? in
                guard !state.finished else { return false }
                if state.unsent > 0, state.unsent + chunk.count > highWaterMark {
                    guard waits else { return false }
                    state.waiters += 1
                    return nil
                }
                state.unsent += chunk.count
                state.record?.bodyBytes += bytes.count
                connection.deliver(.chunk(sequence: sequence, bytes: chunk))
                return true
            }
            if let accepted { return accepted }
            room.wait()
        }
    }
}
