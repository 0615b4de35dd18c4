import Testing
@testable import HTTP

@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine
    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant {
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
        #expect(connection.timeoutAction(at: at(14.9)) == .none)
        #expect(connection.timeoutAction(at: at(15)) == .requestTimeout)
    }

    @Test("A body times out after 15 s of silence or 60 s in all", arguments: [
        ([1.0, 2.0], 16.9, Machine.TimeoutAction.none),
        ([1.0, 2.0], 17.0, .requestTimeout),
        ([10.0, 20.0, 30.0, 40.0, 50.0, 59.0], 59.9, .none),
        ([10.0, 20.0, 30.0, 40.0, 50.0, 59.0], 60.0, .requestTimeout),
    ])
    func bodyDeadlines(bytesAt: [Double], checkAt: Double, expected: Machine.TimeoutAction) {
        var connection = machine()
        connection.headBytesReceived(at: at(0))
        connection.bodyStarted(at: at(0))
        for time in bytesAt { connection.bodyBytesReceived(at: at(time)) }
        #expect(connection.timeoutAction(at: at(checkAt)) == expected)
    }

    @Test("An idle keep-alive connection closes after the keep-alive timeout from its last response")
    func keepAliveIdle() {
        var connection = machine()
        #expect(connection.timeoutAction(at: at(29.9)) == .none)
        connection.headBytesReceived(at: at(20))
        #expect(connection.requestReceived(at: at(20), keepAlive: true) == false)
        #expect(connection.timeoutAction(at: at(100)) == .none, "a request is being answered")
        #expect(connection.responsesCompleted(1, at: at(100)) == .none)
        #expect(connection.isIdle)
        #expect(connection.timeoutAction(at: at(129.9)) == .none)
        #expect(connection.timeoutAction(at: at(130)) == .close)
    }

    @Test("A fresh connection that never sends closes at the keep-alive timeout")
    func silentConnection() {
        let connection = machine()
        #expect(connection.timeoutAction(at: at(30)) == .close)
    }

    @Test("An open stream is exempt from the keep-alive timeout")
    func streamIsNotIdle() {
        var connection = machine()
        _ = connection.requestReceived(at: at(1), keepAlive: true)
        #expect(connection.timeoutAction(at: at(10_000)) == .none)
        #expect(!connection.isIdle)
    }

    @Test("The last request allowed on a connection is answered with close", arguments: [1, 3])
    func requestCap(cap: Int) {
        var connection = machine { $0.maxRequestsPerConnection = cap }
        for number in 1...cap {
            let closes = connection.requestReceived(at: at(Double(number)), keepAlive: true)
            #expect(closes == (number == cap))
            if !closes { _ = connection.responsesCompleted(1, at: at(Double(number))) }
        }
        #expect(!connection.isReading)
        #expect(connection.responsesCompleted(1, at: at(10)) == .linger)
    }

    @Test("A request asking to close stops reading, and the connection lingers then closes")
    func closeRequested() {
        var connection = machine { $0.lingerTimeout = .seconds(2) }
        let closes = connection.requestReceived(at: at(1), keepAlive: false)
        #expect(closes)
        #expect(!connection.isReading)
        #expect(connection.responsesCompleted(1, at: at(2)) == .linger)
        #expect(connection.isLingering)
        #expect(connection.timeoutAction(at: at(3.9)) == .none)
        #expect(connection.timeoutAction(at: at(4)) == .close)
    }

    @Test("A refused request closes the connection once answered")
    func refusal() {
        var connection = machine()
        connection.headBytesReceived(at: at(0))
        connection.requestRefused()
        #expect(!connection.isReading)
        #expect(connection.timeoutAction(at: at(1000)) == .none)
        #expect(connection.responsesCompleted(1, at: at(1)) == .linger)
    }

    @Test("A peer that stops sending still gets its responses, then the connection closes")
    func peerHalfClose() {
        var connection = machine()
        _ = connection.requestReceived(at: at(0), keepAlive: true)
        _ = connection.requestReceived(at: at(0), keepAlive: true)
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
        let closes = busy.requestReceived(at: at(1), keepAlive: true)
        #expect(closes, "the response says close")
        #expect(busy.responsesCompleted(1, at: at(2)) == .linger)
    }

    @Test("A response that shut the output ends reading even on a keep-alive connection")
    func outputShutByWorker() {
        var connection = machine()
        _ = connection.requestReceived(at: at(0), keepAlive: true)
        _ = connection.requestReceived(at: at(0), keepAlive: true)
        #expect(connection.outputShut(at: at(1)) == .linger)
        #expect(!connection.isReading)
        #expect(connection.outstanding == 0)
    }
}
