import Foundation
import Testing
import HTTP
import TestClient

/// A request that breaks a limit, and the status the live server must answer with.
struct LimitCase: CustomTestStringConvertible, Sendable {
    var name: String
    var raw: String
    var status: Int
    var slug: String

    var testDescription: String { name }
}

@Suite("Live limits and deadlines")
struct LiveLimitTests {
    static let long = String(repeating: "a", count: 9000)
    static let cases: [LimitCase] = [
        LimitCase(
            name: "a request line over 8 KiB", raw: LiveServer.get("/\(long)"), status: 414, slug: "uri-too-long"),
        LimitCase(
            name: "a header line over 8 KiB", raw: LiveServer.get("/", "X-A: \(long)\r\n"),
            status: 431, slug: "header-fields-too-large"),
        LimitCase(
            name: "a header section over 16 KiB",
            raw: LiveServer.get("/", (0..<20).map { "X-\($0): \(String(repeating: "b", count: 1000))\r\n" }.joined()),
            status: 431, slug: "header-fields-too-large"),
        LimitCase(
            name: "more than 100 header fields", raw: LiveServer.get("/", (0..<101).map { "X-\($0): 1\r\n" }.joined()),
            status: 431, slug: "header-fields-too-large"),
        LimitCase(
            name: "a Content-Length over 1 MiB",
            raw: "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1048577\r\n\r\n", status: 413,
            slug: "content-too-large"),
        LimitCase(
            name: "chunks adding up to over 1 MiB",
            raw: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "80000\r\n\(String(repeating: "c", count: 0x80000))\r\n80000\r\n\(String(repeating: "c", count: 0x80000))\r\n1\r\n",
            status: 413, slug: "content-too-large"),
        LimitCase(
            name: "both Content-Length and Transfer-Encoding",
            raw: "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            status: 400, slug: "bad-request"),
        LimitCase(
            name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: t\r\n\r\n", status: 505, slug: "http-version-not-supported"),
        LimitCase(
            name: "an unimplemented transfer coding",
            raw: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501,
            slug: "not-implemented"),
    ]

    @Test("Each limit is answered with its status, a problem document and Connection: close", arguments: cases)
    func limit(_ example: LimitCase) throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            try client.send(example.raw)
            let response = try client.readResponse()
            #expect(response.status == example.status)
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.header("X-Request-Id") != nil)
            #expect(response.text.contains("\"type\":\"/problems/\(example.slug)\""))
            #expect(response.text.contains("\"status\":\(example.status)"))
            #expect(client.isClosedByServer())
        }
    }

    @Test("A head not finished within the header timeout gets 408 and the connection closes")
    func headerDeadline() throws {
        try LiveServer.with({ $0.headerTimeout = .milliseconds(300) }) { server in
            let client = try TestClient(port: server.localPort)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.text.contains("/problems/request-timeout"))
            #expect(client.isClosedByServer())
        }
    }

    @Test("Hundreds of heads timing out together all get their 408, in passes that let others be served")
    func massHeaderDeadline() throws {
        try LiveServer.with({
            $0.headerTimeout = .milliseconds(400)
            $0.eventLoopCount = 1
            $0.maxConnectionsPerAddress = 1000  // every client is 127.0.0.1
        }) { server in
            let count = 3 * 128 + 17
            let slow = try (0..<count).map { _ in try TestClient(port: server.localPort) }
            for client in slow { try client.send("GET / HTTP/1.1\r\nHost: t\r\n") }
            let statuses = try slow.map { try $0.readResponse().status }
            #expect(statuses.allSatisfy { $0 == 408 }, "\(statuses.filter { $0 != 408 }.count) of \(count) without 408")
            let client = try TestClient(port: server.localPort)
            try client.send(LiveServer.get("/healthz"))
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test("A body that stalls gets 408 after the body idle timeout")
    func bodyIdleDeadline() throws {
        try LiveServer.with({ $0.bodyIdleTimeout = .milliseconds(300) }) { server in
            let client = try TestClient(port: server.localPort)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try client.readResponse().status == 408)
            #expect(client.isClosedByServer())
        }
    }

    @Test("A slowloris client is dropped at the header deadline while another is served at once")
    func slowloris() throws {
        try LiveServer.with({ $0.headerTimeout = .milliseconds(500) }) { server in
            let slow = try TestClient(port: server.localPort)
            let started = ContinuousClock.now
            let request = Array(
                "GET / HTTP/1.1\r\nHost: t\r\nX-Padding: \(String(repeating: "z", count: 100))\r\n\r\n".utf8)
            var sent = 0
            var dropped = false
            while ContinuousClock.now - started < .seconds(3), sent < request.count {
                do { try slow.send([request[sent]]) } catch { dropped = true; break }
                sent += 1
                if sent == 3 {
                    let other = try TestClient(port: server.localPort)
                    try other.send(LiveServer.get("/healthz"))
                    #expect(try other.readResponse().status == 200, "served while the slow client dribbles")
                }
                usleep(50_000)
            }
            #expect(sent < request.count, "the slow client never finished its head")
            let response = dropped ? nil : try? slow.readResponse()
            #expect(dropped || response?.status == 408)
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    /// A responder whose `/big` is 8 MiB, more than the kernel's socket buffers hold.
    private static let big = ClosureResponder { request in
        request.path == "/big"
            ? HTTPResponse(status: .ok, body: .bytes([UInt8](repeating: 0x61, count: 8 << 20)))
            : LiveServer.standard.respond(to: request)
    }

    @Test("A client that stops reading is disconnected after the send timeout")
    func sendTimeoutClosesAStalledReader() throws {
        try LiveServer.with({ $0.sendTimeout = .milliseconds(400) }, responder: Self.big) { server in
            let stalled = try TestClient(port: server.localPort, timeout: 5, receiveBuffer: 4096)
            try stalled.send(LiveServer.get("/big") + LiveServer.get("/big"))
            usleep(1_500_000)
            // Closed while blocked: what the kernel already held arrives, then the end. A server
            // that kept the connection would send all 16 MiB, then wait far past the timeout.
            #expect(stalled.isClosedByServer())
            // A client that reads in bursts, pausing less than the timeout each time, is not cut
            // off, although the whole exchange takes longer than the timeout.
            let reader = try TestClient(port: server.localPort, receiveBuffer: 4096)
            try reader.send(LiveServer.get("/big"))
            for _ in 0..<5 {
                usleep(250_000)
                try reader.receive()
            }
            #expect(try reader.readResponse().body.count == 8 << 20)
        }
    }

    @Test("An idle keep-alive connection is closed after the keep-alive timeout")
    func keepAliveTimeout() throws {
        try LiveServer.with({ $0.keepAliveTimeout = .milliseconds(300) }) { server in
            let client = try TestClient(port: server.localPort)
            try client.send(LiveServer.get("/healthz"))
            #expect(try client.readResponse().status == 200)
            let started = ContinuousClock.now
            #expect(client.isClosedByServer())
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }
}
