import Dispatch
import Glibc
import Synchronization

/// The sending side of one connection, shared by its event loop, the workers answering its
/// requests and its stream writers. Responses are numbered in request order and leave in that
/// order (RFC 9112 §9.3.2) whatever order they are produced in.
///
/// Whichever thread makes the head-of-line response ready writes it to the socket at once,
/// under this connection's lock, so a response normally costs the event loop nothing; bytes
/// the socket does not take wait here until the loop sees the socket writable again.
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

    private struct Slot {
        var bytes: [UInt8] = []
        var sent = 0
        var isComplete = false
        var closesAfter = false
        var record: ExchangeRecord?
        /// The stream's semaphore and how many of its writers wait on it for room.
        var waiter: DispatchSemaphore?
        var waiters = 0
        var stream: StreamBodyWriter?

        var buffered: Int { bytes.count - sent }
    }

    private struct State {
        var slots: [Slot]
        /// The sequence number of the response being sent.
        var head = 0
        var completed = 0
        var outputShut = false
        var failed = false
        var socketClosed = false
        var wantsNotice = false
        /// Since when the head-of-line response has had bytes the socket would not take, reset
        /// whenever the socket takes some; nil while nothing waits for the client.
        var blockedSince: ContinuousClock.Instant?

        var isWritable: Bool { !outputShut && !failed && !socketClosed }
    }

    /// What one pass of sending found, acted on after the lock is released.
    private struct PumpResult {
        var finished: [ExchangeRecord] = []
        var notifyLoop = false
        var wake: [DispatchSemaphore] = []
        var closedStreams: [StreamBodyWriter] = []
    }

    /// The socket; closed only by the event loop, under the lock, so no other thread can be
    /// writing to a descriptor number that has been reused.
    let fd: Int32
    private let serial: UInt32
    private let state: Mutex<State>
    private let mailbox: EventLoopMailbox
    private let observer: (any HTTPServerObserver)?
    /// Bytes a stream may have waiting before it has to wait.
    private let highWaterMark: Int

    /// An outbox for an accepted socket.
    init(fd: Int32, serial: UInt32, mailbox: EventLoopMailbox, observer: (any HTTPServerObserver)?,
         configuration: HTTPServerConfiguration) {
        self.fd = fd
        self.serial = serial
        self.mailbox = mailbox
        self.observer = observer
        highWaterMark = configuration.streamHighWaterMark
        // At most `maxPipelinedRequests` are outstanding, plus one the server refuses itself.
        state = Mutex(State(slots: Array(repeating: Slot(), count: configuration.maxPipelinedRequests + 2)))
    }

    /// Whether responses can still be sent.
    var isWritable: Bool { state.withLock { $0.isWritable } }

    /// Adds bytes to a response that is not complete yet: an interim `100 Continue`, or the
    /// head of a stream, which from then on hears when the connection closes.
    func append(_ bytes: [UInt8], to sequence: Int, stream: StreamBodyWriter? = nil) {
        let result = state.withLock { state -> PumpResult in
            guard state.isWritable else {
                // Too late: a stream hears at once that its connection is gone.
                var closed = PumpResult()
                if let stream { closed.closedStreams.append(stream) }
                return closed
            }
            state.slots[index(sequence, state)].bytes += bytes
            state.slots[index(sequence, state)].stream = stream
            return pump(&state)
        }
        act(on: result)
    }

    /// Completes the response with this sequence number with its last bytes.
    func complete(_ sequence: Int, with bytes: [UInt8], record: ExchangeRecord?, closesAfter: Bool) {
        let result = state.withLock { state -> PumpResult in
            guard state.isWritable else { return PumpResult() }
            let slot = index(sequence, state)
            if state.slots[slot].bytes.isEmpty {
                state.slots[slot].bytes = bytes
            } else {
                state.slots[slot].bytes += bytes
            }
            state.slots[slot].isComplete = true
            state.slots[slot].closesAfter = closesAfter
            state.slots[slot].record = record
            state.slots[slot].stream = nil
            return pump(&state)
        }
        act(on: result)
    }

    /// How a stream chunk fared.
    enum ChunkOutcome {
        /// Queued (and perhaps already sent).
        case accepted
        /// Over the high-water mark; `offer` declines.
        case full
        /// The connection can no longer send.
        case closed
    }

    /// Adds a chunk to a streamed response, waiting on `waiter` while the bytes buffered for it
    /// are over the high-water mark if `waits`. One chunk is always accepted into an empty
    /// buffer, so the bound is the larger of the mark and one chunk.
    func appendChunk(_ bytes: [UInt8], to sequence: Int, stream: StreamBodyWriter, waiter: DispatchSemaphore, waits: Bool) -> ChunkOutcome {
        while true {
            let (outcome, result) = state.withLock { state -> (ChunkOutcome?, PumpResult) in
                guard state.isWritable else { return (.closed, PumpResult()) }
                let slot = index(sequence, state)
                state.slots[slot].stream = stream
                let buffered = state.slots[slot].buffered
                if buffered > 0, buffered + bytes.count > highWaterMark {
                    guard waits else { return (.full, PumpResult()) }
                    state.slots[slot].waiter = waiter
                    state.slots[slot].waiters += 1
                    return (nil, PumpResult())
                }
                state.slots[slot].bytes += bytes
                return (.accepted, pump(&state))
            }
            act(on: result)
            if let outcome { return outcome }
            waiter.wait()
        }
    }

    /// Sends what the socket will take now; the loop calls this when the socket is writable.
    func flush() {
        let result = state.withLock { state in pump(&state) }
        act(on: result)
    }

    /// Reports progress to the loop; with `requestingNotice`, the loop will also be told when
    /// a response completes (it has held requests, or is shutting down).
    func progress(requestingNotice: Bool = false) -> Progress {
        state.withLock { state in
            if requestingNotice { state.wantsNotice = true }
            return Progress(completed: state.completed, outputShut: state.outputShut, failed: state.failed)
        }
    }

    /// Since when response bytes have waited for the socket to take any of them; nil when
    /// none wait.
    var blockedSince: ContinuousClock.Instant? { state.withLock { $0.blockedSince } }

    /// Restarts the blocked clock: the client is reading, only more slowly than the kernel's
    /// buffer lets a write through.
    func clientMadeProgress() {
        state.withLock { state in
            if state.blockedSince != nil { state.blockedSince = .now }
        }
    }

    /// Closes the socket; later responses are dropped and waiting stream writers released.
    func close() {
        let result = state.withLock { state -> PumpResult in
            guard !state.socketClosed else { return PumpResult() }
            state.socketClosed = true
            _ = Glibc.close(fd)
            return releaseStreams(&state)
        }
        act(on: result)
    }

    private func index(_ sequence: Int, _ state: State) -> Int {
        sequence % state.slots.count
    }

    /// Writes the head-of-line response, then the ones after it that are ready, until the
    /// socket is full or the next response is not ready. Runs under the lock.
    private func pump(_ state: inout State) -> PumpResult {
        var result = PumpResult()
        var tookBytes = false
        defer { noteBlocking(&state, tookBytes: tookBytes) }
        while state.isWritable {
            let slot = index(state.head, state)
            if state.slots[slot].buffered > 0 {
                let written = send(state.slots[slot])
                guard let written else {
                    state.failed = true
                    result.notifyLoop = true
                    break
                }
                tookBytes = tookBytes || written > 0
                state.slots[slot].sent += written
                if let waiter = state.slots[slot].waiter, state.slots[slot].buffered < highWaterMark {
                    result.wake += Array(repeating: waiter, count: state.slots[slot].waiters)
                    state.slots[slot].waiter = nil
                    state.slots[slot].waiters = 0
                }
                if state.slots[slot].buffered > 0 { break }
                state.slots[slot].bytes = []
                state.slots[slot].sent = 0
            }
            guard state.slots[slot].isComplete else { break }
            if let record = state.slots[slot].record { result.finished.append(record) }
            let closesAfter = state.slots[slot].closesAfter
            state.slots[slot] = Slot()
            state.head += 1
            state.completed += 1
            result.notifyLoop = result.notifyLoop || state.wantsNotice
            if closesAfter {
                state.outputShut = true
                result.notifyLoop = true
                Glibc.shutdown(fd, Int32(SHUT_WR))
            }
        }
        if state.failed || state.outputShut {
            let released = releaseStreams(&state)
            result.wake += released.wake
            result.closedStreams += released.closedStreams
        }
        return result
    }

    /// Starts or restarts the blocked clock when bytes are left waiting, stops it when none are.
    private func noteBlocking(_ state: inout State, tookBytes: Bool) {
        guard state.isWritable, state.slots[index(state.head, state)].buffered > 0 else {
            state.blockedSince = nil
            return
        }
        if tookBytes || state.blockedSince == nil { state.blockedSince = .now }
    }

    /// Bytes of the slot the socket took, 0 when it is full, nil when sending failed.
    private func send(_ slot: Slot) -> Int? {
        do {
            let written = try slot.bytes.withUnsafeBytes { buffer throws(SystemError) in
                try nonBlockingSystemCall("send") {
                    Glibc.send(fd, buffer.baseAddress! + slot.sent, slot.buffered, Int32(MSG_NOSIGNAL))
                }
            }
            return written ?? 0
        } catch {
            return nil
        }
    }

    /// Drops pending output and collects the stream writers and waiters to release.
    private func releaseStreams(_ state: inout State) -> PumpResult {
        var result = PumpResult()
        for slot in state.slots.indices {
            if let waiter = state.slots[slot].waiter {
                result.wake += Array(repeating: waiter, count: state.slots[slot].waiters)
            }
            if let stream = state.slots[slot].stream { result.closedStreams.append(stream) }
            state.slots[slot] = Slot()
        }
        return result
    }

    /// Tells the observer, stream writers and the loop what a pump found, outside the lock.
    private func act(on result: PumpResult) {
        result.wake.forEach { $0.signal() }
        result.closedStreams.forEach { $0.connectionClosed() }
        if let observer, !result.finished.isEmpty {
            let now = ContinuousClock.now
            for record in result.finished { observer.exchangeCompleted(record.completed(at: now)) }
        }
        if result.notifyLoop { mailbox.post(.attention(fd: fd, serial: serial)) }
    }
}
