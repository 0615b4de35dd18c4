import Testing
@testable import HTTP

@Suite("Response queue")
struct ResponseQueueTests {
    /// Stands in for a stream writer: the queue only hands it back.
    final class Stream: ResponseStream {
        func sent(_ count: Int) {}
        func connectionClosed() {}
    }

    typealias Queue = ResponseQueue
    let start = MonotonicInstant.now

    func at(_ seconds: Double) -> MonotonicInstant {
        start + .milliseconds(Int(seconds * 1000))
    }

    func queue(capacity: Int = 18) -> Queue {
        Queue(capacity: capacity)
    }

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func record(_ id: String) -> ExchangeRecord {
        ExchangeRecord(requestID: id, remoteAddress: "127.0.0.1", startedAt: start)
    }

    /// Sends everything pending as if the socket took up to `limit` bytes per call.
    func drain(
        _ queue: inout Queue, limit: Int = .max, at now: MonotonicInstant
    ) -> (sent: [UInt8], progress: [Queue.Progress]) {
        var sent: [UInt8] = []
        var steps = [queue.socketTook(0, at: now)]
        while !queue.pendingBytes.isEmpty {
            let taken = queue.pendingBytes.prefix(limit)
            sent += taken
            steps.append(queue.socketTook(taken.count, at: now))
        }
        return (sent, steps)
    }

    @Test("Responses completed out of order leave in request order")
    func ordering() {
        var queue = queue()
        queue.complete(2, with: bytes("C"), record: record("c"), closesAfter: false)
        queue.complete(1, with: bytes("B"), record: record("b"), closesAfter: false)
        #expect(queue.pendingBytes.isEmpty, "the first response is not ready")
        let result1 = queue.socketTook(0, at: at(0))
        #expect(result1.completed == 0)
        queue.complete(0, with: bytes("A"), record: record("a"), closesAfter: false)
        let (sent, steps) = drain(&queue, at: at(0))
        #expect(sent == bytes("ABC"))
        #expect(steps.flatMap(\.finished).map(\.requestID) == ["a", "b", "c"])
        #expect(steps.map(\.completed).reduce(0, +) == 3)
        #expect(queue.head == 3)
    }

    @Test("A body held apart follows its head, uncopied, across partial sends, before the next response")
    func bodyApart() {
        var queue = queue()
        let body = Array(repeating: UInt8(ascii: "x"), count: 40_000)
        queue.complete(0, with: bytes("HEAD"), body: body, record: record("a"), closesAfter: false)
        queue.complete(1, with: bytes("NEXT"), record: record("b"), closesAfter: false)
        #expect(queue.pendingBytes.elementsEqual(bytes("HEAD")))
        #expect(queue.hasMoreAfterPending, "the head is told that its body follows")
        var step = queue.socketTook(2, at: at(0))
        #expect(step.completed == 0 && queue.pendingBytes.elementsEqual(bytes("AD")))
        step = queue.socketTook(2, at: at(0))
        #expect(step.completed == 0 && !queue.hasMoreAfterPending)
        let pending = queue.pendingBytes
        #expect(pending.count == body.count)
        let shared = pending.withUnsafeBufferPointer { sent in
            body.withUnsafeBufferPointer { $0.baseAddress == sent.baseAddress }
        }
        #expect(shared, "the body is sent from the buffer it was handed in")
        let (sent, steps) = drain(&queue, limit: 3_000, at: at(1))
        #expect(sent == body + bytes("NEXT"))
        #expect(steps.flatMap(\.finished).map(\.requestID) == ["a", "b"])
        #expect(queue.head == 2)
    }

    @Test("An interim response goes out before the final one it precedes")
    func interimBytes() {
        var queue = queue()
        let result2 = queue.append(bytes("100 "), to: 0)
        #expect(result2)
        #expect(drain(&queue, at: at(0)).sent == bytes("100 "))
        #expect(queue.head == 0, "the response is not complete")
        queue.complete(0, with: bytes("200"), record: nil, closesAfter: false)
        #expect(drain(&queue, at: at(0)).sent == bytes("200"))
        #expect(queue.head == 1)
    }

    @Test("A partial write leaves the rest pending, and the next response waits behind it")
    func partialWrite() {
        var queue = queue()
        queue.complete(0, with: bytes("first"), record: nil, closesAfter: false)
        queue.complete(1, with: bytes("second"), record: nil, closesAfter: false)
        let result3 = queue.socketTook(2, at: at(0))
        #expect(result3.completed == 0)
        #expect(Array(queue.pendingBytes) == bytes("rst"))
        let result4 = queue.socketTook(3, at: at(0))
        #expect(result4.completed == 1)
        #expect(Array(queue.pendingBytes) == bytes("second"))
    }

    @Test("A response that closes the connection shuts the output and drops what follows")
    func closesAfter() {
        var queue = queue()
        let later = Stream()
        queue.complete(0, with: bytes("bye"), record: nil, closesAfter: true)
        let result5 = queue.append(bytes("head"), to: 1, stream: later)
        #expect(result5)
        let progress = queue.socketTook(3, at: at(0))
        #expect(progress.shutsOutput)
        #expect(progress.completed == 1)
        #expect(progress.closed.count == 1 && progress.closed.first === later)
        #expect(queue.isOutputShut)
        #expect(!queue.isWritable)
        #expect(queue.pendingBytes.isEmpty)
        let result6 = queue.append(bytes("late"), to: 2)
        #expect(!result6, "nothing is queued after the output is shut")
        let result7 = queue.appendChunk(bytes("late"), to: 1)
        #expect(!result7, "nor is a chunk")
    }

    @Test("A stream's chunks follow its head, and each step names the stream and the bytes the socket took")
    func streamProgress() {
        var queue = queue()
        let stream = Stream()
        let started = queue.append(bytes("HEAD"), to: 0, stream: stream)
        #expect(started)
        let first = queue.appendChunk(bytes("12345"), to: 0)
        #expect(first)
        #expect(Array(queue.pendingBytes) == bytes("HEAD12345"))
        let took = queue.socketTook(6, at: at(0))
        #expect(took.streamSent?.stream === stream)
        #expect(took.streamSent?.count == 6, "its writer has that much room again")
        #expect(took.completed == 0)
        queue.complete(0, with: bytes("0"), record: record("s"), closesAfter: false)
        let rest = queue.socketTook(4, at: at(0))
        #expect(rest.streamSent == nil, "a completed response is no longer a stream")
        #expect(rest.finished.map(\.requestID) == ["s"])
    }

    @Test("Bytes that are not a stream's name no stream")
    func plainProgress() {
        var queue = queue()
        queue.complete(0, with: bytes("abc"), record: nil, closesAfter: false)
        let took = queue.socketTook(3, at: at(0))
        #expect(took.streamSent == nil)
    }

    @Test(
        "Bytes the client will not take start the send clock; any progress restarts it",
        arguments: [
            (59.9, false),
            (60.0, true),
        ])
    func sendTimeout(checkAt: Double, stalled: Bool) {
        var queue = queue()
        #expect(queue.blockedSince == nil)
        queue.complete(0, with: bytes("a response"), record: nil, closesAfter: false)
        _ = queue.socketTook(0, at: at(10))
        #expect(queue.blockedSince == at(10))
        _ = queue.socketTook(0, at: at(20))
        #expect(queue.blockedSince == at(10), "taking nothing does not restart the clock")
        _ = queue.socketTook(2, at: at(30))
        #expect(queue.hasStalled(at: at(30 + checkAt), limit: .seconds(60)) == stalled)
    }

    @Test("A slow reader the kernel reports as reading restarts the send clock")
    func clientProgress() {
        var queue = queue()
        queue.complete(0, with: bytes("a response"), record: nil, closesAfter: false)
        _ = queue.socketTook(0, at: at(0))
        queue.clientMadeProgress(at: at(50))
        #expect(!queue.hasStalled(at: at(100), limit: .seconds(60)))
        #expect(queue.hasStalled(at: at(110), limit: .seconds(60)))
    }

    @Test("The send clock stops once everything is sent")
    func sendClockStops() {
        var queue = queue()
        queue.complete(0, with: bytes("abc"), record: nil, closesAfter: false)
        _ = queue.socketTook(0, at: at(0))
        _ = queue.socketTook(3, at: at(1))
        #expect(queue.blockedSince == nil)
        #expect(!queue.hasStalled(at: at(1000), limit: .seconds(60)))
    }

    @Test("Closing drops what is owed and names every stream")
    func closing() {
        var queue = queue()
        let stream = Stream()
        let started = queue.append(bytes("HEAD"), to: 0, stream: stream)
        #expect(started)
        queue.complete(1, with: bytes("next"), record: record("n"), closesAfter: false)
        let closed = queue.close()
        #expect(closed.count == 1)
        #expect(closed.first === stream)
        #expect(queue.isClosed)
        #expect(queue.pendingBytes.isEmpty)
        let took = queue.socketTook(0, at: at(0))
        #expect(took.completed == 0)
        let again = queue.close()
        #expect(again.isEmpty, "closing twice tells no one twice")
        let late = queue.appendChunk(bytes("late"), to: 0)
        #expect(!late)
    }

    @Test("As many responses as the pipeline allows may be owed at once, wrapping around the ring", arguments: [1, 16])
    func pipelinedLimit(maxPipelined: Int) {
        var queue = queue(capacity: maxPipelined + 2)
        for round in 0..<3 {
            let base = round * (maxPipelined + 1)
            for offset in (0...maxPipelined).reversed() {
                queue.complete(base + offset, with: [UInt8(offset)], record: nil, closesAfter: false)
            }
            let (sent, _) = drain(&queue, at: at(0))
            #expect(sent == (0...maxPipelined).map { UInt8($0) })
            #expect(queue.head == base + maxPipelined + 1)
        }
    }

    @Test("A response with no bytes left, such as an HTTP/1.0 stream's end, completes at once")
    func emptyCompletion() {
        var queue = queue()
        let result21 = queue.append(bytes("HEAD"), to: 0, stream: Stream())
        #expect(result21)
        #expect(drain(&queue, at: at(0)).sent == bytes("HEAD"))
        queue.complete(0, with: [], record: record("s"), closesAfter: true)
        let progress = queue.socketTook(0, at: at(0))
        #expect(progress.completed == 1)
        #expect(progress.shutsOutput)
        #expect(progress.finished.map(\.requestID) == ["s"])
    }
}
