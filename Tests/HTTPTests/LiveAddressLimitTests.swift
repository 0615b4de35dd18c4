import Foundation
import Glibc
import HTTP
import Testing
import TestClient

/// The per-address connection cap over real TCP: every client here connects from 127.0.0.1.
@Suite("Live per-address connection cap")
struct LiveAddressLimitTests {
    static let address = "127.0.0.1"

    /// A request whose head never ends: the connection is busy reading it.
    static let unfinishedHead = "GET /healthz HTTP/1.1\r\nHost: test\r\n"

    /// Checks that each client is still open and gets `/healthz` answered.
    static func expectServed(_ clients: [TestClient]) throws {
        for client in clients {
            #expect(!client.isAlreadyClosedByServer())
            try client.send(LiveServer.get("/healthz"))
            #expect(try client.readResponse().status == 200)
        }
    }

    /// Waits until the server counts `count` connections from 127.0.0.1; whether it did.
    @discardableResult
    static func counted(_ count: Int, on server: HTTPServer) -> Bool {
        for _ in 0..<2500 where server.openConnections(from: address) != count { usleep(2_000) }
        return server.openConnections(from: address) == count
    }

    @Test("An address at its cap makes room by closing its oldest idle connection, whichever loop holds it")
    func capEvictsTheAddresssOldestIdle() throws {
        // Two loops, dealt connections in turn: the busy one and the newest go to one loop, the
        // oldest idle one to the other, so the loops must search together to find it.
        try LiveServer.with({
            $0.maxConnectionsPerAddress = 3; $0.eventLoopCount = 2
        }) { server in
            let busy = try TestClient(port: server.localPort)
            try busy.send(Self.unfinishedHead)
            Self.counted(1, on: server)
            usleep(30_000)
            let oldestIdle = try TestClient(port: server.localPort)
            Self.counted(2, on: server)
            usleep(30_000)
            let newestIdle = try TestClient(port: server.localPort)
            Self.counted(3, on: server)
            usleep(30_000)
            let newcomer = try TestClient(port: server.localPort)
            #expect(oldestIdle.isClosedByServer())
            try busy.send("\r\n")
            #expect(try busy.readResponse().status == 200)
            try Self.expectServed([newestIdle, newcomer])
            #expect(server.openConnections(from: Self.address) == 3)
        }
    }

    @Test(
        "An address at its cap with every connection busy has its next connection refused, and the busy ones are served"
    )
    func capRefusesWhenNothingIsIdle() throws {
        try LiveServer.with({
            $0.maxConnectionsPerAddress = 3; $0.eventLoopCount = 2
        }) { server in
            let busy = try (0..<3).map { _ in try TestClient(port: server.localPort) }
            for client in busy { try client.send(Self.unfinishedHead) }
            #expect(Self.counted(3, on: server))
            // At once, with no pause for the loops to read those heads: a connection whose request
            // still waits unread in its socket counts as busy (`Socket.hasUnreadInput`).
            let refused = try TestClient(port: server.localPort)
            #expect(refused.isClosedByServer())
            #expect(Self.counted(3, on: server), "the refused connection is not counted")
            for client in busy {
                try client.send("\r\n")
                #expect(try client.readResponse().status == 200)
            }
        }
    }

    @Test("A trusted proxy's address is not capped")
    func trustedProxyIsExempt() throws {
        try LiveServer.with({
            $0.maxConnectionsPerAddress = 2; $0.eventLoopCount = 2
            $0.trustedProxies = try! TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.0/8")
        }) { server in
            let clients = try (0..<6).map { _ in try TestClient(port: server.localPort) }
            for _ in 0..<2500 where server.openConnections < 6 { usleep(2_000) }
            usleep(50_000)
            try Self.expectServed(clients)
            #expect(server.openConnections(from: Self.address) == 0)
        }
    }

    @Test("Closed connections leave the address's count, so the address is served again")
    func countsFallAsConnectionsClose() throws {
        try LiveServer.with({
            $0.maxConnectionsPerAddress = 3; $0.eventLoopCount = 2
        }) { server in
            for round in 0..<3 {
                var busy = try (0..<3).map { _ in try TestClient(port: server.localPort) }
                for client in busy { try client.send(Self.unfinishedHead) }
                #expect(Self.counted(3, on: server), "round \(round)")
                // A refused newcomer, a connection the server closes (Connection: close) and those
                // the clients close: none leaves a count behind.
                let refused = try TestClient(port: server.localPort)
                #expect(refused.isClosedByServer())
                #expect(Self.counted(3, on: server), "round \(round)")
                try busy[0].send("Connection: close\r\n\r\n")
                #expect(try busy[0].readResponse().status == 200)
                #expect(busy[0].isClosedByServer())
                #expect(Self.counted(2, on: server), "round \(round)")
                busy.removeAll()
                #expect(
                    Self.counted(0, on: server), "round \(round): \(server.openConnections(from: Self.address)) left")
            }
        }
    }
}
