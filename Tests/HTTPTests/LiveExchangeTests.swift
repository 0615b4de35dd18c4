import Foundation
import Testing
import HTTP
import TestClient

@Suite("Live exchanges")
struct LiveExchangeTests {
    @Test("A persistent connection answers several requests, each with Date, Content-Length and a request ID")
    func keepAlive() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            for _ in 0..<3 {
                try client.send(LiveServer.get("/healthz"))
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "ok")
                #expect(response.header("Content-Length") == "2")
                #expect(response.header("Date")?.hasSuffix(" GMT") == true)
                #expect(response.header("Connection") == nil)
                let id = try #require(response.header("X-Request-Id"))
                #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
            }
        }
    }

    @Test("A valid X-Request-Id is echoed and reaches the application")
    func requestIDEcho() throws {
        let seen = RecordingObserver()
        try LiveServer.with(observer: seen) { server in
            let client = try TestClient(port: server.localPort)
            try client.send(LiveServer.get("/echo", "X-Request-Id: trace-42.a:b_c\r\n"))
            #expect(try client.readResponse().header("X-Request-Id") == "trace-42.a:b_c")
            try client.send(LiveServer.get("/echo", "X-Request-Id: bad id!\r\n"))
            #expect(try client.readResponse().header("X-Request-Id")?.count == 16)
        }
        // Exchanges are reported as their responses go out, from whichever thread sent them, so
        // the order of the two reports is not fixed.
        #expect(seen.recorded.map(\.requestID).contains("trace-42.a:b_c"))
        #expect(seen.recorded.count == 2)
    }

    @Test("Connection: close is honoured: the response says so and the server closes")
    func connectionClose() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            try client.send(LiveServer.get("/healthz", "Connection: close\r\n"))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test("HTTP/1.0 closes by default and stays open with keep-alive")
    func http10() throws {
        try LiveServer.with { server in
            let plain = try TestClient(port: server.localPort)
            try plain.send("GET /healthz HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse().header("Connection") == "close")
            #expect(plain.isClosedByServer())

            let kept = try TestClient(port: server.localPort)
            for _ in 0..<2 {
                try kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try kept.readResponse()
                #expect(response.status == 200)
                #expect(response.header("Connection") == "keep-alive")
            }
        }
    }

    @Test("Pipelined requests are answered in order even when later ones finish first")
    func pipelining() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            let delays = [120, 0, 60, 0, 30, 0]
            try client.send(delays.enumerated().map { LiveServer.get("/sleep?ms=\($1)&id=\($0)") }.joined())
            for index in delays.indices {
                #expect(try client.readResponse().text == "\(index)")
            }
        }
    }

    @Test("What the responder can answer without blocking is answered on the event loop, the rest on workers, in order")
    func answeredOnTheLoop() throws {
        /// Answers with the name of the thread answering: `/quick` on the loop, anything else on a worker.
        struct ThreadNaming: HTTPResponder {
            func respond(to request: HTTPRequest) -> HTTPResponse {
                if request.path == "/sleep" { usleep(30_000) }
                return named(request)
            }

            func respondWithoutBlocking(to request: HTTPRequest) -> HTTPResponse? {
                request.path == "/quick" && !request.mayWait ? named(request) : nil
            }

            private func named(_ request: HTTPRequest) -> HTTPResponse {
                // The name the system knows the answering thread by.
                let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                let text = "\(request.queryValue("id") ?? "") \(name.trimmingCharacters(in: .whitespacesAndNewlines))"
                return HTTPResponse(status: .ok, body: .bytes(Array(text.utf8)))
            }
        }
        try LiveServer.with(responder: ThreadNaming()) { server in
            let client = try TestClient(port: server.localPort)
            let paths = ["/sleep", "/quick", "/other", "/quick", "/sleep", "/quick"]
            try client.send(paths.enumerated().map { LiveServer.get("\($1)?id=\($0)") }.joined())
            for (index, path) in paths.enumerated() {
                let words = try client.readResponse().text.split(separator: " ")
                #expect(words.first == "\(index)")
                #expect(
                    words.last?.hasPrefix(path == "/quick" ? "http-loop-" : "http-worker-") == true, "\(path): \(words)"
                )
            }
        }
    }

    @Test("More pipelined requests than the server queues are all answered, in order")
    func deepPipeline() throws {
        try LiveServer.with({ $0.maxPipelinedRequests = 4 }) { server in
            let client = try TestClient(port: server.localPort)
            try client.send((0..<40).map { LiveServer.get("/sleep?ms=\($0 % 3)&id=\($0)") }.joined())
            for index in 0..<40 {
                #expect(try client.readResponse().text == "\(index)")
            }
        }
    }

    @Test("A pipelined unsafe request waits for the ones before it")
    func pipelinedPostRunsAlone() throws {
        let order = RecordingObserver()
        try LiveServer.with(observer: order) { server in
            let client = try TestClient(port: server.localPort)
            try client.send(
                LiveServer.get("/sleep?ms=80&id=a")
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nb" + LiveServer.get("/sleep?id=c"))
            #expect(try client.readResponse().text == "a")
            #expect(try client.readResponse().text == "b")
            #expect(try client.readResponse().text == "c")
        }
        #expect(order.recorded.map(\.target) == ["/sleep?ms=80&id=a", "/echo", "/sleep?id=c"])
    }

    @Test("A chunked request body reaches the application decoded")
    func chunkedBody() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("4;ext=1\r\nwiki\r\n5\r\npedia\r\n")
            try client.send("0\r\nX-Trailer: yes\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "wikipedia")
        }
    }

    @Test("Expect: 100-continue gets 100 before the body is sent")
    func continueThenBody() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("hello")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello")
        }
    }

    @Test("Expect: 100-continue with a body over the limit gets 413 instead of 100")
    func continueRefused() throws {
        try LiveServer.with({ $0.maxBodyBytes = 10 }) { server in
            let client = try TestClient(port: server.localPort)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test("Large bodies, sent apart from their heads, arrive whole and in order when pipelined, and HEAD gets none")
    func largeBodies() throws {
        let documents = (0..<3).map { index in
            (0..<(50_000 + index * 7_000)).map { UInt8(ascii: "a") + UInt8(($0 + index) % 26) }
        }
        let responder = ClosureResponder { request in
            let index = Int(request.queryValue("n") ?? "") ?? 0
            return HTTPResponse(status: .ok, body: .bytes(documents[index]))
        }
        try LiveServer.with(responder: responder) { server in
            let client = try TestClient(port: server.localPort)
            let requests = [0, 1, 2, 1].map { LiveServer.get("/doc?n=\($0)") }.joined()
            try client.send(requests + "HEAD /doc?n=2 HTTP/1.1\r\nHost: t\r\n\r\n" + LiveServer.get("/doc?n=0"))
            for index in [0, 1, 2, 1] {
                let response = try client.readResponse()
                #expect(response.header("Content-Length") == "\(documents[index].count)")
                #expect(Array(response.body) == documents[index])
            }
            let head = try client.readResponse(method: "HEAD")
            #expect(head.header("Content-Length") == "\(documents[2].count)" && head.body.isEmpty)
            #expect(Array(try client.readResponse().body) == documents[0])
        }
    }

    @Test("HEAD gets GET's headers, Content-Length included, and no body")
    func head() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            try client.send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n" + LiveServer.get("/echo"))
            let head = try client.readResponse(method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "2")
            #expect(head.header("Content-Type") == "text/plain")
            let next = try client.readResponse()
            #expect(next.header("X-Path") == "/echo", "no stray body bytes came between the two")
        }
    }

    @Test("204 has neither a body nor a Content-Length")
    func noContent() throws {
        try LiveServer.with { server in
            let client = try TestClient(port: server.localPort)
            try client.send(LiveServer.get("/empty") + LiveServer.get("/healthz"))
            let empty = try client.readResponse()
            #expect(empty.status == 204)
            #expect(empty.header("Content-Length") == nil)
            #expect(try client.readResponse().text == "ok")
        }
    }

    @Test("The observer hears of every exchange, the server's own refusals included")
    func observerSeesEverything() throws {
        let seen = RecordingObserver()
        try LiveServer.with(observer: seen) { server in
            let client = try TestClient(port: server.localPort)
            try client.send(LiveServer.get("/healthz") + "GET / HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(try client.readResponse().status == 400)
        }
        let statuses = seen.recorded.map(\.status)
        #expect(statuses == [200, 400])
        #expect(seen.recorded.first?.bytesSent == 2)
        #expect(seen.recorded.first?.target == "/healthz")
        #expect(seen.recorded.allSatisfy { $0.remoteAddress == "127.0.0.1" && $0.duration >= 0 })
    }

    @Test("The last request allowed on a connection is answered with Connection: close")
    func requestCap() throws {
        try LiveServer.with({ $0.maxRequestsPerConnection = 3 }) { server in
            let client = try TestClient(port: server.localPort)
            for number in 1...3 {
                try client.send(LiveServer.get("/healthz"))
                #expect(try client.readResponse().header("Connection") == (number == 3 ? "close" : nil))
            }
            #expect(client.isClosedByServer())
        }
    }
}
