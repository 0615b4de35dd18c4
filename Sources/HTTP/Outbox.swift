import Glibc
import Synchronization

/// The sending side of one connection, shared by its event loop, the workers answering its
/// requests and its stream writers: a `ResponseQueue` under a lock, and the socket it feeds.
///
/// Whichever thread makes the head-of-line response ready writes it to the socket at once,
/// under this connection's lock, so a response normally costs the event loop nothing; bytes
/// the socket does not take wait in the queue until the loop sees the socket writable again.
final class Outbox: Sendable {
    /// What the event loop learns when it looks at the outbox.
    struct Progress {
        /// Responses completely handed to the socket since the connection opened.
        var completed: Int
        /// The write side was shut after a response that closes the connection.
        var outputShut: Bool
        /// Sending failed (the peer reset or went away).
        var failed: Bool
    }

    private struct State {
        var queue: ResponseQueue<StreamBodyWriter>
        var failed = false
        var socketClosed = false
        var wantsNotice = false
    }

    /// What one pass of sending found, acted on after the lock is released.
    private struct PumpResult {
        var finished: [ExchangeRecord] = []
        var notifyLoop = false
        var wake: [(stream: StreamBodyWriter, waiters: Int)] = []
        var closedStreams: [StreamBodyWriter] = []
        var shutsOutput = false

        mutating func absorb(_ progress: ResponseQueue<StreamBodyWriter>.Progress, wantsNotice: Bool) {
            finished += progress.finished
            if progress.completed > 0, wantsNotice { notifyLoop = true }
            if let room = progress.room { wake.append(room) }
            release(progress.closed)
            if progress.shutsOutput {
                shutsOutput = true
                notifyLoop = true
            }
        }

        mutating func release(_ streams: [(stream: StreamBodyWriter, waiters: Int)]) {
            for entry in streams {
                wake.append(entry)
                closedStreams.append(entry.stream)
            }
        }
    }

    /// The socket; closed only by the event loop, under the lock, so no other thread can be
    /// writing to a descriptor number that has been reused.
    let fd: Int32
    private let serial: UInt32
    private let state: Mutex<State>
    private let mailbox: EventLoopMailbox
    private let observer: (any HTTPServerObserver)?

    /// An outbox for an accepted socket.
    init(fd: Int32, serial: UInt32, mailbox: EventLoopMailbox, observer: (any HTTPServerObserver)?,
         configuration: HTTPServerConfiguration) {
        self.fd = fd
        self.serial = serial
        self.mailbox = mailbox
        self.observer = observer
        // At most `maxPipelinedRequests` are outstanding, plus one the server refuses itself.
        let queue = ResponseQueue<StreamBodyWriter>(capacity: configuration.maxPipelinedRequests + 2,
                                                    highWaterMark: configuration.streamHighWaterMark)
        state = Mutex(State(queue: queue))
    }

    /// Whether responses can still be sent.
    var isWritable: Bool { state.withLock { $0.queue.isWritable } }

    /// Adds bytes to a response that is not complete yet: an interim `100 Continue`, or the
    /// head of a stream, which from then on hears when the connection closes.
    func append(_ bytes: [UInt8], to sequence: Int, stream: StreamBodyWriter? = nil, at now: ContinuousClock.Instant) {
        let result = state.withLock { state -> PumpResult in
            guard state.queue.append(bytes, to: sequence, stream: stream) else {
                // Too late: a stream hears at once that its connection is gone.
                var closed = PumpResult()
                if let stream { closed.closedStreams.append(stream) }
                return closed
            }
            return pump(&state, at: now)
        }
        act(on: result)
    }

    /// Completes the response with this sequence number with its last bytes.
    func complete(_ sequence: Int, with bytes: [UInt8], record: ExchangeRecord?, closesAfter: Bool,
                  at now: ContinuousClock.Instant) {
        let result = state.withLock { state -> PumpResult in
            guard state.queue.isWritable else { return PumpResult() }
            state.queue.complete(sequence, with: bytes, record: record, closesAfter: closesAfter)
            return pump(&state, at: now)
        }
        act(on: result)
    }

    /// Adds a chunk to a streamed response; over the high-water mark it returns `.full` at
    /// once, or with `waits` counts `stream` as waiting and waits for the room it is given.
    func appendChunk(_ bytes: [UInt8], to sequence: Int, stream: StreamBodyWriter, waits: Bool) -> ResponseQueue<StreamBodyWriter>.ChunkOutcome {
        while true {
            let (outcome, result) = state.withLock { state -> (ResponseQueue<StreamBodyWriter>.ChunkOutcome?, PumpResult) in
                switch state.queue.appendChunk(bytes, to: sequence) {
                case .closed: return (.closed, PumpResult())
                case .full:
                    guard waits else { return (.full, PumpResult()) }
                    state.queue.waitForRoom(sequence)
                    return (nil, PumpResult())
                case .accepted:
                    return (.accepted, pump(&state, at: .now))
                }
            }
            act(on: result)
            if let outcome { return outcome }
            stream.waitForRoom()
        }
    }

    /// Sends what the socket will take now; the loop calls this when the socket is writable.
    func flush(at now: ContinuousClock.Instant) {
        let result = state.withLock { state in pump(&state, at: now) }
        act(on: result)
    }

    /// Reports progress to the loop; with `requestingNotice`, the loop will also be told when
    /// a response completes (it has held requests, or is shutting down).
    func progress(requestingNotice: Bool = false) -> Progress {
        state.withLock { state in
            if requestingNotice { state.wantsNotice = true }
            return Progress(completed: state.queue.head, outputShut: state.queue.isOutputShut, failed: state.failed)
        }
    }

    /// Whether response bytes have waited `limit` or longer at `now` for a client that takes
    /// none of them.
    func hasStalled(at now: ContinuousClock.Instant, limit: Duration) -> Bool {
        state.withLock { $0.queue.hasStalled(at: now, limit: limit) }
    }

    /// Whether response bytes wait for the client.
    var isBlocked: Bool { state.withLock { $0.queue.blockedSince != nil } }

    /// Restarts the blocked clock: the client is reading, only more slowly than the kernel's
    /// buffer lets a write through.
    func clientMadeProgress(at now: ContinuousClock.Instant) {
        state.withLock { $0.queue.clientMadeProgress(at: now) }
    }

    /// Closes the socket; later responses are dropped and waiting stream writers released.
    func close() {
        let result = state.withLock { state -> PumpResult in
            guard !state.socketClosed else { return PumpResult() }
            state.socketClosed = true
            _ = Glibc.close(fd)
            var result = PumpResult()
            result.release(state.queue.close())
            return result
        }
        act(on: result)
    }

    /// Writes the head-of-line response, then the ones after it that are ready, until the
    /// socket is full or the next response is not ready. Runs under the lock.
    private func pump(_ state: inout State, at now: ContinuousClock.Instant) -> PumpResult {
        var result = PumpResult()
        result.absorb(state.queue.socketTook(0, at: now), wantsNotice: state.wantsNotice)
        while state.queue.isWritable {
            let pending = state.queue.pendingBytes
            guard !pending.isEmpty else { break }
            guard let written = send(pending) else {
                state.failed = true
                result.notifyLoop = true
                result.release(state.queue.close())
                break
            }
            result.absorb(state.queue.socketTook(written, at: now), wantsNotice: state.wantsNotice)
            if written < pending.count { break }
        }
        if result.shutsOutput {
            Glibc.shutdown(fd, Int32(SHUT_WR))
        }
        return result
    }

    /// Bytes the socket took, 0 when it is full, nil when sending failed.
    private func send(_ bytes: ArraySlice<UInt8>) -> Int? {
        do {
            let written = try bytes.withUnsafeBytes { buffer throws(SystemError) in
                try nonBlockingSystemCall("send") {
                    Glibc.send(fd, buffer.baseAddress!, buffer.count, Int32(MSG_NOSIGNAL))
                }
            }
            return written ?? 0
        } catch {
            return nil
        }
    }

    /// Tells the observer, stream writers and the loop what a pump found, outside the lock.
    private func act(on result: PumpResult) {
        result.wake.forEach { $0.stream.roomMade(for: $0.waiters) }
        result.closedStreams.forEach { $0.connectionClosed() }
        if let observer, !result.finished.isEmpty {
            let now = ContinuousClock.now
            for record in result.finished { observer.exchangeCompleted(record.completed(at: now)) }
        }
        if result.notifyLoop { mailbox.post(.attention(fd: fd, serial: serial)) }
    }
}
