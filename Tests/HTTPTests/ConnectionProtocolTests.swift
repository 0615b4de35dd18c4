import Testing
@testable import HTTP

/// A request as the protocol sees it: its place in the order and whether it is safe.
struct TestRequest: Equatable {
    let sequence: Int
    let isSafe: Bool

    /// A job for this request: a GET when safe, a POST when not, for a connection that no loop
    /// serves.
    var job: ResponderJob {
        let request = HTTPRequest(method: isSafe ? .get : .post, target: "/", path: "/", pathSegments: [])
        return ResponderJob(
            request: request, connection: Self.connection, sequence: sequence, closes: false,
            receivedAt: .now)
    }

    /// Where the jobs' responses would go; nothing is sent there.
    static let connection = ConnectionHandle(mailbox: try! EventLoopMailbox(), fd: -1, serial: 0)
}

extension ResponderJob {
    /// The job as the tests describe it.
    var described: TestRequest { TestRequest(sequence: sequence, isSafe: isSafe) }
}

/// Stands in for a stream writer.
final class TestStream: ResponseStream {
    func sent(_ count: Int) {}
    func connectionClosed() {}
}

extension ConnectionProtocol {
    /// Finishes the next `count` responses and has the socket take them whole; returns the
    /// last action.
    mutating func responsesCompleted(_ count: Int, at now: Instant, releasing released: inout [Request]) -> Action {
        var action = next
        for _ in 0..<count {
            responseFinished(finished, with: [0], record: nil, closesAfter: false)
            action = socketTook(pendingBytes.count, at: now, releasing: &released).action
        }
        return action
    }

    /// The same, dropping the requests the responses release.
    mutating func responsesCompleted(_ count: Int, at now: Instant) -> Action {
        var released: [Request] = []
        return responsesCompleted(count, at: now, releasing: &released)
    }
}

@Suite("Connection protocol")
struct ConnectionProtocolTests {
    typealias Machine = ConnectionProtocol
    let start = MonotonicInstant.now

    func at(_ seconds: Double) -> MonotonicInstant {
        start + .milliseconds(Int(seconds * 1000))
    }

    func machine(_ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }) -> Machine {
        var configuration = HTTPServerConfiguration()
        adjust(&configuration)
        return Machine(configuration: configuration, now: start)
    }

    @Test("A head must arrive whole within the header timeout of its first byte")
    func headerDeadline() {
        var connection = machine()
        connection.headBytesReceived(at: at(5))
        connection.headBytesReceived(at: at(14))
        #expect(connection.timerFired(at: at(14.9)) == .none)
        #expect(connection.timerFired(at: at(15)) == .requestTimeout)
    }

    @Test(
        "A body times out after 15 s of silence or 60 s in all",
        arguments: [
            ([1.0, 2.0], 16.9, Machine.Action.none),
            ([1.0, 2.0], 17.0, .requestTimeout),
            ([10.0, 20.0, 30.0, 40.0, 50.0, 59.0], 59.9, .none),
            ([10.0, 20.0, 30.0, 40.0, 50.0, 59.0], 60.0, .requestTimeout),
        ])
    func bodyDeadlines(bytesAt: [Double], checkAt: Double, expected: Machine.Action) {
        var connection = machine()
        connection.headBytesReceived(at: at(0))
        connection.bodyStarted(at: at(0))
        for time in bytesAt { connection.bodyBytesReceived(at: at(time)) }
        #expect(connection.timerFired(at: at(checkAt)) == expected)
    }

    @Test("An idle keep-alive connection closes after the keep-alive timeout from its last response")
    func keepAliveIdle() {
        var connection = machine()
        #expect(connection.timerFired(at: at(29.9)) == .none)
        connection.headBytesReceived(at: at(20))
        #expect(connection.requestReceived(at: at(20), keepAlive: true).closes == false)
        #expect(connection.timerFired(at: at(100)) == .none, "a request is being answered")
        #expect(connection.responsesCompleted(1, at: at(100)) == .none)
        #expect(connection.isIdle)
        #expect(connection.timerFired(at: at(129.9)) == .none)
        #expect(connection.timerFired(at: at(130)) == .close)
    }

    @Test("A fresh connection that never sends closes at the keep-alive timeout")
    func silentConnection() {
        let connection = machine()
        #expect(connection.timerFired(at: at(30)) == .close)
    }

    @Test("An open stream is exempt from the keep-alive timeout")
    func streamIsNotIdle() {
        var connection = machine()
        _ = connection.requestReceived(at: at(1), keepAlive: true).closes
        #expect(connection.timerFired(at: at(10_000)) == .none)
        #expect(!connection.isIdle)
    }

    @Test("The last request allowed on a connection is answered with close", arguments: [1, 3])
    func requestCap(cap: Int) {
        var connection = machine { $0.maxRequestsPerConnection = cap }
        for number in 1...cap {
            let closes = connection.requestReceived(at: at(Double(number)), keepAlive: true).closes
            #expect(closes == (number == cap))
            if !closes { _ = connection.responsesCompleted(1, at: at(Double(number))) }
        }
        #expect(!connection.isReading)
        #expect(connection.responsesCompleted(1, at: at(10)) == .linger)
    }

    @Test("A request asking to close stops reading, and the connection lingers then closes")
    func closeRequested() {
        var connection = machine { $0.lingerTimeout = .seconds(2) }
        let closes = connection.requestReceived(at: at(1), keepAlive: false).closes
        #expect(closes)
        #expect(!connection.isReading)
        #expect(connection.responsesCompleted(1, at: at(2)) == .linger)
        #expect(connection.isLingering)
        #expect(connection.timerFired(at: at(3.9)) == .none)
        #expect(connection.timerFired(at: at(4)) == .close)
    }

    @Test("A refused request closes the connection once answered")
    func refusal() {
        var connection = machine()
        connection.headBytesReceived(at: at(0))
        _ = connection.requestRefused()
        #expect(!connection.isReading)
        #expect(connection.timerFired(at: at(1000)) == .none)
        #expect(connection.responsesCompleted(1, at: at(1)) == .linger)
    }

    @Test("A peer that stops sending still gets its responses, then the connection closes")
    func peerHalfClose() {
        var connection = machine()
        _ = connection.requestReceived(at: at(0), keepAlive: true).closes
        _ = connection.requestReceived(at: at(0), keepAlive: true).closes
        #expect(connection.peerClosedInput() == .none)
        #expect(connection.responsesCompleted(1, at: at(1)) == .none)
        #expect(connection.responsesCompleted(1, at: at(1)) == .close)
    }

    @Test("A peer that closes an idle connection is closed at once")
    func peerCloseWhenIdle() {
        var connection = machine()
        #expect(connection.peerClosedInput() == .close)
    }

    @Test("Shutdown closes an idle connection now and a busy one after its current request")
    func shutdown() {
        var idle = machine()
        #expect(idle.beginShutdown() == .close)

        var busy = machine()
        busy.headBytesReceived(at: at(0))
        #expect(busy.beginShutdown() == .none)
        let closes = busy.requestReceived(at: at(1), keepAlive: true).closes
        #expect(closes, "the response says close")
        #expect(busy.responsesCompleted(1, at: at(2)) == .linger)
    }

    @Test("A response that shut the output ends reading even on a keep-alive connection")
    func outputShutByWorker() {
        var connection = machine()
        _ = connection.requestReceived(at: at(0), keepAlive: true).closes
        _ = connection.requestReceived(at: at(0), keepAlive: true).closes
        connection.responseFinished(0, with: [0], record: nil, closesAfter: true)
        var released: [ResponderJob] = []
        let sent = connection.socketTook(1, at: at(1), releasing: &released)
        #expect(sent.progress.shutsOutput)
        #expect(sent.action == .linger)
        #expect(!connection.isReading)
        #expect(connection.outstanding == 0)
    }

    /// Receives a request and schedules it, as the event loop does; returns it if it runs now.
    func receive(_ connection: inout Machine, safe: Bool, at time: Double = 0) -> TestRequest? {
        let (sequence, _) = connection.requestReceived(at: at(time), keepAlive: true)
        var running: [ResponderJob] = []
        connection.schedule(TestRequest(sequence: sequence, isSafe: safe).job, into: &running)
        return running.first?.described
    }

    @Test("Safe requests run beside each other; an unsafe one waits for every response before it")
    func pipelinedScheduling() {
        var connection = machine()
        #expect(receive(&connection, safe: true) == TestRequest(sequence: 0, isSafe: true))
        #expect(receive(&connection, safe: true) == TestRequest(sequence: 1, isSafe: true), "two GETs run in parallel")
        #expect(receive(&connection, safe: false) == nil, "a POST waits for the GETs before it")
        #expect(receive(&connection, safe: true) == nil, "a GET after a held request waits its turn")
        var released: [ResponderJob] = []
        #expect(connection.responsesCompleted(1, at: at(1), releasing: &released) == .none)
        #expect(released.isEmpty, "one GET is still being answered")
        #expect(connection.responsesCompleted(1, at: at(1), releasing: &released) == .none)
        #expect(released.map(\.described) == [TestRequest(sequence: 2, isSafe: false)])
        released = []
        #expect(connection.responsesCompleted(1, at: at(1), releasing: &released) == .none)
        #expect(
            released.map(\.described) == [TestRequest(sequence: 3, isSafe: true)],
            "the GET waits until the POST is answered")
        #expect(connection.outstanding == 1)
    }

    @Test("Requests after an unsafe one wait even when safe, until its response is out")
    func safeAfterUnsafe() {
        var connection = machine()
        #expect(receive(&connection, safe: false) != nil, "a POST next in line runs")
        #expect(receive(&connection, safe: true) == nil)
        var released: [ResponderJob] = []
        _ = connection.responsesCompleted(1, at: at(1), releasing: &released)
        #expect(released.map(\.described) == [TestRequest(sequence: 1, isSafe: true)])
    }

    @Test(
        "Parsing stops at the pipelining limit and resumes on buffered input once a response is out",
        arguments: [1, 16])
    func pipelineLimit(limit: Int) {
        var connection = machine { $0.maxPipelinedRequests = limit }
        connection.inputArrived()
        #expect(connection.next == .read)
        for _ in 0..<limit { _ = receive(&connection, safe: true) }
        #expect(!connection.mayParse)
        connection.inputLeftUnparsed()
        #expect(connection.next == .none, "nothing is read while the pipeline is full")
        #expect(connection.responsesCompleted(1, at: at(1)) == .read)
        connection.parsingBuffered()
        #expect(connection.input == .unread)
    }

    @Test("Input is read when it arrives and forgotten when the socket is drained")
    func inputEvents() {
        var connection = machine()
        #expect(connection.next == .none)
        connection.inputArrived()
        #expect(connection.next == .read)
        connection.inputDrained()
        #expect(connection.next == .none)
        connection.inputArrived()
        _ = connection.requestReceived(at: at(1), keepAlive: false)
        #expect(connection.next == .none, "no request is read after one that closes")
    }

    @Test("A lingering connection discards input and closes when the peer does")
    func lingering() {
        var connection = machine()
        _ = connection.requestReceived(at: at(0), keepAlive: false)
        #expect(connection.responsesCompleted(1, at: at(1)) == .linger)
        #expect(connection.next == .linger, "whatever the peer sent is read and dropped")
        connection.inputDrained()
        #expect(connection.next == .none)
        connection.inputArrived()
        #expect(connection.next == .linger)
    }

    @Test("A refused request takes the next sequence number and stops reading")
    func refusalSequence() {
        var connection = machine()
        _ = receive(&connection, safe: true)
        connection.inputArrived()
        #expect(connection.requestRefused() == 1)
        #expect(connection.outstanding == 2)
        #expect(connection.next == .none)
    }

    @Test("Responses that wait the send timeout for a client that reads nothing close the connection")
    func sendStalled() {
        var connection = machine()
        _ = receive(&connection, safe: true)
        connection.responseFinished(0, with: [1, 2, 3], record: nil, closesAfter: false)
        var released: [ResponderJob] = []
        #expect(connection.socketTook(1, at: at(1), releasing: &released).action == .none)
        #expect(connection.isBlocked)
        #expect(connection.timerFired(at: at(60.9)) == .none)
        #expect(connection.timerFired(at: at(61)) == .close)
    }

    @Test("A client the kernel sees reading, however slowly, restarts the send clock")
    func slowReader() {
        var connection = machine()
        _ = receive(&connection, safe: true)
        connection.responseFinished(0, with: [1, 2, 3], record: nil, closesAfter: false)
        var released: [ResponderJob] = []
        _ = connection.socketTook(0, at: at(0), releasing: &released)
        connection.clientIsReading(at: at(50))
        #expect(connection.timerFired(at: at(50)) == .none)
        #expect(connection.timerFired(at: at(109.9)) == .none)
        #expect(connection.timerFired(at: at(110)) == .close)
    }

    @Test("Once its last response is sent, an idle connection's send clock is stopped")
    func sentInFull() {
        var connection = machine()
        _ = receive(&connection, safe: true)
        connection.responseFinished(0, with: [1, 2, 3], record: nil, closesAfter: false)
        var released: [ResponderJob] = []
        _ = connection.socketTook(3, at: at(1), releasing: &released)
        #expect(!connection.isBlocked)
        #expect(connection.isIdle)
        #expect(connection.timerFired(at: at(30.9)) == .none)
        #expect(connection.timerFired(at: at(31)) == .close, "the keep-alive timeout runs from the response")
    }

    @Test("A stream started on a connection is named when it closes")
    func streamClosing() {
        var connection = machine()
        _ = receive(&connection, safe: true)
        let stream = TestStream()
        let started = connection.responseStarted([1], to: 0, stream: stream)
        let chunked = connection.chunkReady([2], to: 0)
        #expect(started && chunked)
        #expect(Array(connection.pendingBytes) == [1, 2])
        let closed = connection.close()
        #expect(closed.count == 1 && closed.first === stream)
        let late = connection.chunkReady([3], to: 0)
        #expect(!late, "nothing is queued once closed")
    }

    @Test("Output shut by a response drops the requests held behind it")
    func outputShutDropsHeld() {
        var connection = machine()
        _ = receive(&connection, safe: false)
        #expect(receive(&connection, safe: false) == nil)
        connection.responseFinished(0, with: [0], record: nil, closesAfter: true)
        var released: [ResponderJob] = []
        #expect(connection.socketTook(1, at: at(1), releasing: &released).action == .linger)
        #expect(released.isEmpty)
        #expect(connection.responsesCompleted(1, at: at(1), releasing: &released) == .linger)
        #expect(released.isEmpty, "nothing runs after the output is shut")
    }

    @Test("A peer that half-closed is closed, not lingered on, once its last response is out")
    func halfClosedThenAnswered() {
        var connection = machine()
        _ = connection.requestReceived(at: at(0), keepAlive: false)
        #expect(connection.peerClosedInput() == .none)
        #expect(connection.responsesCompleted(1, at: at(1)) == .close)
        #expect(!connection.isLingering)
    }
}
