import Dispatch
import Synchronization

/// The server's `ResponseBodyWriter`: each write becomes one chunk (RFC 9112 §7.1) of the
/// response with its sequence number, or raw bytes for an HTTP/1.0 client, whose body ends
/// when the connection closes.
final class StreamBodyWriter: ResponseBodyWriter {
    private struct State {
        var finished = false
        var handlers: [@Sendable () -> Void] = []
        var record: ExchangeRecord?
    }

    private let outbox: Outbox
    private let sequence: Int
    private let chunked: Bool
    private let closesAfter: Bool
    private let waiter = DispatchSemaphore(value: 0)
    private let state: Mutex<State>

    /// A writer for the response `sequence` on `outbox`, whose head has been queued.
    init(outbox: Outbox, sequence: Int, chunked: Bool, closesAfter: Bool, record: ExchangeRecord?) {
        self.outbox = outbox
        self.sequence = sequence
        self.chunked = chunked
        self.closesAfter = closesAfter
        state = Mutex(State(record: record))
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        send(bytes, waits: true)
    }

    func offer(_ bytes: [UInt8]) -> Bool {
        send(bytes, waits: false)
    }

    var isOpen: Bool {
        !state.withLock { $0.finished } && outbox.isWritable
    }

    func finish() {
        guard let (record, handlers) = markFinished() else { return }
        outbox.complete(sequence, with: chunked ? Array("0\r\n\r\n".utf8) : [], record: record, closesAfter: closesAfter,
                        at: .now)
        handlers.forEach { $0() }
    }

    func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            if state.finished { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Waits until the outbox makes room after a chunk found the buffer full.
    func waitForRoom() {
        waiter.wait()
    }

    /// Releases `waiters` writers waiting for room.
    func roomMade(for waiters: Int) {
        for _ in 0..<waiters { waiter.signal() }
    }

    /// The connection closed before the body finished.
    func connectionClosed() {
        markFinished()?.handlers.forEach { $0() }
    }

    private func markFinished() -> (record: ExchangeRecord?, handlers: [@Sendable () -> Void])? {
        state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.handlers = [] }
            return (state.record, state.handlers)
        }
    }

    private func send(_ bytes: [UInt8], waits: Bool) -> Bool {
        // An empty chunk would read as the last chunk, so there is nothing to send.
        guard !bytes.isEmpty else { return isOpen }
        guard !state.withLock({ $0.finished }) else { return false }
        var chunk = bytes
        if chunked {
            chunk = Array(String(bytes.count, radix: 16).utf8) + [HTTPSyntax.cr, HTTPSyntax.lf]
            chunk.reserveCapacity(chunk.count + bytes.count + 2)
            chunk += bytes
            chunk += [HTTPSyntax.cr, HTTPSyntax.lf]
        }
        guard outbox.appendChunk(chunk, to: sequence, stream: self, waits: waits) == .accepted else {
            return false
        }
        state.withLock { $0.record?.bodyBytes += bytes.count }
        return true
    }
}
