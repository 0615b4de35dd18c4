/// The responses owed on one connection, in request order (RFC 9112 §9.3.2), whatever order
/// they are produced in: what to send next, what the socket has taken of each stream (so its
/// writer can be given room), and when the client has stopped reading for too long.
///
/// A value type that does no I/O and reads no clock, in the manner of swift-nio's
/// `HTTPServerPipelineHandler`: the caller hands the socket `pendingBytes`, reports what it
/// took with `socketTook(_:at:)`, and acts on the `Progress` it gets back. A streamed response's
/// `ResponseStream` (the server's `StreamBodyWriter`; a stand-in in tests) is handed back to be
/// told of sent bytes and of closing.
///
/// Not generic, so that the event loop's path needs no generic metadata and copies nothing
/// through value witnesses.
struct ResponseQueue {
    /// Whatever hears of a streamed response's sent bytes and of its connection closing.
    typealias Stream = any ResponseStream

    /// The clock's instants; tests make their own.
    typealias Instant = MonotonicInstant

    /// What the socket taking bytes led to.
    struct Progress {
        /// Exchanges whose last byte was taken, in order.
        var finished: [ExchangeRecord] = []
        /// Responses completely sent by this step.
        var completed = 0
        /// The response just sent closes the connection: shut the write side.
        var shutsOutput = false
        /// The stream whose bytes the socket took, and how many: its writer has that much room again.
        var streamSent: (stream: Stream, count: Int)?
        /// Streams cut off because the output was shut.
        var closed: [Stream] = []
    }

    private struct Slot {
        var bytes: [UInt8] = []
        /// A large body sent after `bytes` as it was handed over: the queue holds a reference to
        /// the caller's buffer rather than a copy, so a document every client asks for is in
        /// memory once however many connections are sending it.
        var body: [UInt8] = []
        /// Bytes of `bytes` and then `body` the socket has taken.
        var sent = 0
        var isComplete = false
        var closesAfter = false
        var record: ExchangeRecord?
        var stream: Stream?

        var buffered: Int { bytes.count + body.count - sent }
    }

    private var slots: [Slot]
    /// The sequence number of the response being sent: also how many have been sent in full.
    private(set) var head = 0
    /// Whether the write side was shut after a response that closes the connection.
    private(set) var isOutputShut = false
    /// Whether the connection stopped sending for good (a failed send, or closed).
    private(set) var isClosed = false
    /// Since when the head-of-line response has had bytes the socket would not take, restarted
    /// whenever the socket takes some; nil while nothing waits for the client.
    private(set) var blockedSince: Instant?

    /// A queue for at most `capacity` responses owed at once.
    init(capacity: Int) {
        slots = Array(repeating: Slot(), count: capacity)
    }

    /// Whether responses can still be sent.
    @inline(__always) var isWritable: Bool { !isOutputShut && !isClosed }

    /// The head-of-line response's bytes not yet sent; empty when it has none ready.
    @inline(__always) var pendingBytes: ArraySlice<UInt8> {
        let slot = index(head)
        let sent = slots[slot].sent, count = slots[slot].bytes.count
        return sent < count ? slots[slot].bytes[sent...] : slots[slot].body[(sent - count)...]
    }

    /// Whether the head-of-line response has bytes after `pendingBytes` that are ready too (its
    /// body, held apart), so the socket may wait for them before sending a short segment.
    @inline(__always) var hasMoreAfterPending: Bool {
        let slot = index(head)
        return slots[slot].sent < slots[slot].bytes.count && !slots[slot].body.isEmpty
    }

    /// Adds bytes to a response that is not complete yet: an interim `100 Continue`, or the
    /// head of a stream, which from then on hears of bytes sent and of closing. False when the
    /// connection can no longer send.
    mutating func append(_ bytes: [UInt8], to sequence: Int, stream: Stream? = nil) -> Bool {
        guard isWritable else { return false }
        let slot = index(sequence)
        slots[slot].bytes += bytes
        slots[slot].stream = stream
        return true
    }

    /// Completes a response with its last bytes and, apart from them, a large body sent after
    /// them without being copied.
    mutating func complete(
        _ sequence: Int, with bytes: [UInt8], body: [UInt8] = [], record: ExchangeRecord?, closesAfter: Bool
    ) {
        guard isWritable else { return }
        let slot = index(sequence)
        if slots[slot].bytes.isEmpty {
            slots[slot].bytes = bytes
        } else {
            slots[slot].bytes += bytes
        }
        slots[slot].body = body
        slots[slot].isComplete = true
        slots[slot].closesAfter = closesAfter
        slots[slot].record = record
        slots[slot].stream = nil
    }

    /// Adds a chunk to a streamed response; false when the connection can no longer send.
    /// How much a stream may have waiting is its writer's to limit.
    mutating func appendChunk(_ bytes: [UInt8], to sequence: Int) -> Bool {
        guard isWritable else { return false }
        slots[index(sequence)].bytes += bytes
        return true
    }

    /// Records that the socket took `count` of `pendingBytes` at `now` (0 when it was full or
    /// there was nothing to send), and moves past every response now sent in full.
    mutating func socketTook(_ count: Int, at now: Instant) -> Progress {
        var progress = Progress()
        guard isWritable else { return progress }
        var slot = index(head)
        if count > 0 {
            slots[slot].sent += count
            precondition(slots[slot].buffered >= 0, "the socket took more than was pending")
            if let stream = slots[slot].stream { progress.streamSent = (stream, count) }
            if slots[slot].buffered == 0 {
                slots[slot].bytes = []
                slots[slot].body = []
                slots[slot].sent = 0
            }
        }
        while slots[slot].isComplete, slots[slot].buffered == 0 {
            if let record = slots[slot].record { progress.finished.append(record) }
            let closesAfter = slots[slot].closesAfter
            slots[slot] = Slot()
            head += 1
            progress.completed += 1
            if closesAfter {
                isOutputShut = true
                progress.shutsOutput = true
                progress.closed = dropAll()
                break
            }
            slot = index(head)
        }
        if isWritable, slots[slot].buffered > 0 {
            if count > 0 || blockedSince == nil { blockedSince = now }
        } else {
            blockedSince = nil
        }
        return progress
    }

    /// Restarts the blocked clock at `now`: the client is reading, only more slowly than the
    /// kernel's buffer lets a write through.
    mutating func clientMadeProgress(at now: Instant) {
        if blockedSince != nil { blockedSince = now }
    }

    /// Whether bytes have waited `limit` or longer at `now` for a client that takes none.
    func hasStalled(at now: Instant, limit: Duration) -> Bool {
        blockedSince.map { now - $0 >= limit } ?? false
    }

    /// Stops sending for good (the socket failed or is closing): drops what is owed and returns
    /// the streams to tell.
    mutating func close() -> [Stream] {
        guard !isClosed else { return [] }
        isClosed = true
        blockedSince = nil
        return dropAll()
    }

    private func index(_ sequence: Int) -> Int {
        sequence % slots.count
    }

    private mutating func dropAll() -> [Stream] {
        var streams: [Stream] = []
        for slot in slots.indices {
            if let stream = slots[slot].stream { streams.append(stream) }
            slots[slot] = Slot()
        }
        return streams
    }
}
