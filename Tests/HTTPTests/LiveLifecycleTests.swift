import Foundation
import Glibc
import Synchronization
import Testing
import HTTP
import TestClient

@Suite("Live lifecycle")
struct LiveLifecycleTests {
    @Test("Shutdown lets the in-flight request finish with close, refuses new connections and stops")
    func gracefulShutdown() throws {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        configuration.workerCount = 4
        configuration.lingerTimeout = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: LiveServer.standard)
        try server.start()
        let port = server.localPort
        let idle = try TestClient(port: port)
        let busy = try TestClient(port: port)
        try busy.send(LiveServer.get("/sleep?ms=400&id=late"))
        usleep(100_000)
        let done = Atomic<Bool>(false)
        Thread.detachNewThread {
            server.shutdown(grace: .seconds(5))
            done.store(true, ordering: .relaxed)
        }
        usleep(100_000)
        #expect(server.isShuttingDown)
        #expect(throws: TestClient.Failure.self) { try TestClient(port: port) }
        #expect(idle.isClosedByServer(), "idle keep-alive connections close at once")
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "late")
        #expect(response.header("Connection") == "close")
        server.waitUntilStopped()
        for _ in 0..<100 where !done.load(ordering: .relaxed) { usleep(10_000) }
        let returned = done.load(ordering: .relaxed)
        #expect(returned, "shutdown returned")
        #expect(server.openConnections == 0)
        server.shutdown()
    }

    @Test("A stream still open at shutdown is closed at the grace deadline")
    func streamAtShutdown() throws {
        let box = WriterBox()
        let responder = ClosureResponder { _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    writer.onClose { box.closed.store(true, ordering: .relaxed) }
                    box.writer.withLock { $0 = writer }
                })
        }
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), responder: responder)
        try server.start()
        let client = try TestClient(port: server.localPort)
        try client.send(LiveServer.get("/events"))
        for _ in 0..<200 where box.writer.withLock({ $0 }) == nil { usleep(5_000) }
        let started = ContinuousClock.now
        server.shutdown(grace: .milliseconds(300))
        #expect(ContinuousClock.now - started < .seconds(2))
        let closed = box.closed.load(ordering: .relaxed)
        #expect(closed)
        #expect(box.writer.withLock { $0?.isOpen } == false)
    }

    @Test("When the server is full the oldest idle connection makes room")
    func connectionCapEvictsOldestIdle() throws {
        try LiveServer.with({
            $0.maxConnections = 3; $0.eventLoopCount = 1
        }) { server in
            // A connect completes before the server accepts it: wait for each to be accepted, so
            // that a busy machine cannot reorder them.
            func accepted(_ count: Int) {
                for _ in 0..<2500 where server.openConnections < count { usleep(2_000) }
            }
            let oldest = try TestClient(port: server.localPort)
            accepted(1)
            usleep(30_000)
            let second = try TestClient(port: server.localPort)
            let third = try TestClient(port: server.localPort)
            accepted(3)
            usleep(30_000)
            let newcomer = try TestClient(port: server.localPort)
            #expect(oldest.isClosedByServer())
            for client in [second, third, newcomer] {
                try client.send(LiveServer.get("/healthz"))
                #expect(try client.readResponse().status == 200)
            }
        }
    }

    @Test("When the server is full a connection answered a moment ago counts as idle and makes room")
    func connectionCapEvictsJustAnswered() throws {
        // Timeouts long enough that no sweep runs during the test: only catching up on demand
        // tells the loop that the two responses went out.
        try LiveServer.with({
            $0.maxConnections = 2; $0.eventLoopCount = 1
            $0.lingerTimeout = .seconds(60); $0.sendTimeout = .seconds(60)
        }) { server in
            let first = try TestClient(port: server.localPort)
            try first.send(LiveServer.get("/healthz"))
            #expect(try first.readResponse().status == 200)
            let second = try TestClient(port: server.localPort)
            try second.send(LiveServer.get("/healthz"))
            #expect(try second.readResponse().status == 200)
            let newcomer = try TestClient(port: server.localPort)
            try newcomer.send(LiveServer.get("/healthz"))
            #expect(try newcomer.readResponse().status == 200)
            // Both became idle unseen, so either may be the one closed (the loop finds them in
            // descriptor order, as its sweep does); exactly one is, and the other is still served.
            let closed = [first, second].filter { $0.isAlreadyClosedByServer() }
            try #require(closed.count == 1, "\(closed.count) of the two idle connections closed")
            let kept = closed[0] === first ? second : first
            try kept.send(LiveServer.get("/healthz"))
            #expect(try kept.readResponse().status == 200)
        }
    }

    @Test("A connection whose client sent a request and then half-closed is busy, not idle, when the server makes room")
    func halfClosedBusyConnectionIsNotEvicted() throws {
        try LiveServer.with({
            $0.maxConnections = 2; $0.eventLoopCount = 1
        }) { server in
            let busy = try TestClient(port: server.localPort)
            try busy.send(LiveServer.get("/healthz"))
            #expect(try busy.readResponse().status == 200)
            usleep(30_000)
            // Idle and oldest; now a request filling the loop's whole read buffer (64 KiB) and the
            // end of its input arrive together, so one read pass sees both.
            let head = LiveServer.get("/sleep?ms=400&id=kept", "Content-Length: 000000\r\n")
            let body = String(repeating: "b", count: 65_536 - head.utf8.count)
            try busy.send(head.replacingOccurrences(of: "000000", with: String(format: "%06d", body.utf8.count)) + body)
            busy.finishSending()
            usleep(50_000)
            let idle = try TestClient(port: server.localPort)
            usleep(30_000)
            let newcomer = try TestClient(port: server.localPort)
            #expect(idle.isClosedByServer(), "the idle connection makes room")
            let response = try busy.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "kept")
            try newcomer.send(LiveServer.get("/healthz"))
            #expect(try newcomer.readResponse().status == 200)
        }
    }

    @Test("When the server is full and nothing is idle a new connection is refused")
    func connectionCapRefuses() throws {
        try LiveServer.with({ $0.maxConnections = 1 }) { server in
            let busy = try TestClient(port: server.localPort)
            try busy.send(LiveServer.get("/sleep?ms=300&id=busy"))
            usleep(50_000)
            let refused = try TestClient(port: server.localPort)
            #expect(refused.isClosedByServer())
            #expect(try busy.readResponse().text == "busy")
        }
    }

    @Test("Handlers that block all run at once: 48 requests meet inside the application")
    func blockingHandlersFanOut() throws {
        let arrived = Atomic<Int>(0)
        let responder = ClosureResponder { _ in
            arrived.add(1, ordering: .relaxed)
            let started = ContinuousClock.now
            while arrived.load(ordering: .relaxed) < 48, ContinuousClock.now - started < .seconds(5) { usleep(1_000) }
            return HTTPResponse(status: .ok, body: .bytes(Array("\(arrived.load(ordering: .relaxed))".utf8)))
        }
        try LiveServer.with({ $0.workerCount = 64 }, responder: responder) { server in
            let clients = try (0..<48).map { _ in try TestClient(port: server.localPort) }
            for client in clients { try client.send(LiveServer.get("/write")) }
            for client in clients { #expect(try client.readResponse().text == "48") }
        }
    }

    @Test("Two thousand idle connections are held open while requests are still answered")
    func manyIdleConnections() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 6000 {
            limit.rlim_cur = min(limit.rlim_max, 6000)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        // Every client is 127.0.0.1, which would otherwise meet the per-address cap first.
        try LiveServer.with({ $0.maxConnectionsPerAddress = 10_000 }) { server in
            var idle: [TestClient] = []
            for _ in 0..<2000 { idle.append(try TestClient(port: server.localPort)) }
            let active = try TestClient(port: server.localPort)
            for _ in 0..<20 {
                try active.send(LiveServer.get("/healthz"))
                #expect(try active.readResponse().status == 200)
            }
            // A connect can complete before the server has accepted it when the backlog
            // overflows; the kernel retransmits the handshake after 1, 2, 4, then 8 s, and a
            // machine busy with the other tests is slower still, so allow 30 s.
            for _ in 0..<3000 where server.openConnections < 2001 { usleep(10_000) }
            #expect(server.openConnections == 2001)
            for client in [idle[0], idle[999], idle[1999]] {
                try client.send(LiveServer.get("/healthz"))
                #expect(try client.readResponse().status == 200)
            }
        }
    }
}
