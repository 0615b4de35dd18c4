import Foundation
import Glibc
import Synchronization
import Testing
import HTTP
import TestClient

/// A place to hand a stream writer from the responder to the test.
final class WriterBox: Sendable {
    let writer = Mutex<(any ResponseBodyWriter)?>(nil)
    let closed = Atomic<Bool>(false)
}

@Suite("Live streaming")
struct LiveStreamingTests {
    static let chunk = [UInt8](repeating: UInt8(ascii: "s"), count: 64 * 1024)

    @Test("A client that does not read blocks the producer instead of growing the server's buffer")
    func backPressure() throws {
        let written = Atomic<Int>(0)
        let finished = Atomic<Bool>(false)
        let responder = ClosureResponder { request in
            guard request.path == "/stream" else { return LiveServer.standard.respond(to: request) }
            return HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    for _ in 0..<256 {
                        guard writer.write(Self.chunk) else { break }
                        written.add(Self.chunk.count, ordering: .relaxed)
                    }
                    writer.finish()
                    finished.store(true, ordering: .relaxed)
                })
        }
        try LiveServer.with({ $0.streamHighWaterMark = 256 * 1024 }, responder: responder) { server in
            let client = try TestClient(port: server.localPort, receiveBuffer: 64 * 1024)
            try client.send(LiveServer.get("/stream") + LiveServer.get("/healthz"))
            usleep(400_000)
            let first = written.load(ordering: .relaxed)
            usleep(300_000)
            let second = written.load(ordering: .relaxed)
            #expect(first == second, "the producer is blocked")
            // The high-water mark, one chunk, and what the kernel's socket buffers hold.
            #expect(first <= 8 * 1024 * 1024)
            let finishedEarly = finished.load(ordering: .relaxed)
            #expect(!finishedEarly)
            let response = try client.readResponse()
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Content-Length") == nil)
            #expect(response.body.count == 256 * Self.chunk.count)
            #expect(try client.readResponse().text == "ok", "the pipelined request waited for the stream")
        }
        let finishedAtLast = finished.load(ordering: .relaxed)
        #expect(finishedAtLast)
    }

    @Test("offer declines while the buffer is full and write never loses a chunk")
    func offerDeclines() throws {
        let declined = Atomic<Int>(0)
        let responder = ClosureResponder { _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    var sent = 0
                    while sent < 64 {
                        if writer.offer(Self.chunk) {
                            sent += 1
                        } else {
                            declined.add(1, ordering: .relaxed)
                            usleep(2_000)
                        }
                    }
                    writer.finish()
                })
        }
        try LiveServer.with({ $0.streamHighWaterMark = 128 * 1024 }, responder: responder) { server in
            let client = try TestClient(port: server.localPort, receiveBuffer: 64 * 1024)
            try client.send(LiveServer.get("/"))
            usleep(300_000)
            #expect(try client.readResponse().body.count == 64 * Self.chunk.count)
        }
        let declines = declined.load(ordering: .relaxed)
        #expect(declines > 0)
    }

    @Test("Several threads writing one stream all get through the high-water mark")
    func concurrentWriters() throws {
        let responder = ClosureResponder { _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    DispatchQueue.concurrentPerform(iterations: 4) { _ in
                        for _ in 0..<40 { writer.write(Array(Self.chunk[..<16_384])) }
                    }
                    writer.finish()
                })
        }
        try LiveServer.with({ $0.streamHighWaterMark = 32 * 1024 }, responder: responder) { server in
            let client = try TestClient(port: server.localPort, receiveBuffer: 16 * 1024)
            try client.send(LiveServer.get("/"))
            usleep(100_000)
            #expect(try client.readResponse().body.count == 4 * 40 * 16_384)
        }
    }

    @Test("A stream kept by the application ends when the client goes away, and onClose runs")
    func clientLeaves() throws {
        let box = WriterBox()
        let responder = ClosureResponder { _ in
            HTTPResponse(
                status: .ok, headers: ["Content-Type": "text/event-stream"],
                body: .stream { writer in
                    writer.onClose { box.closed.store(true, ordering: .relaxed) }
                    box.writer.withLock { $0 = writer }
                })
        }
        try LiveServer.with(responder: responder) { server in
            var client: TestClient? = try TestClient(port: server.localPort)
            try client?.send(LiveServer.get("/events"))
            var writer: (any ResponseBodyWriter)?
            for _ in 0..<200 where writer == nil {
                usleep(5_000)
                writer = box.writer.withLock { $0 }
            }
            let stream = try #require(writer)
            #expect(stream.write(Array("data: one\n\n".utf8)))
            _ = try client?.receive()
            client = nil
            var attempts = 0
            while stream.write(Array("data: more\n\n".utf8)), attempts < 200 {
                attempts += 1
                usleep(5_000)
            }
            #expect(!stream.isOpen)
            let closed = box.closed.load(ordering: .relaxed)
            #expect(closed)
        }
    }

    @Test("An HTTP/1.0 client gets a stream as raw bytes ending with the connection")
    func http10Stream() throws {
        let responder = ClosureResponder { _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    writer.write(Array("abc".utf8))
                    writer.write(Array("def".utf8))
                    writer.finish()
                })
        }
        try LiveServer.with(responder: responder) { server in
            let client = try TestClient(port: server.localPort)
            try client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(response.header("Transfer-Encoding") == nil)
            #expect(response.text == "abcdef")
        }
    }
}
