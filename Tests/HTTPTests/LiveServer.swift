import Foundation
import Glibc
import HTTP
import Synchronization

/// A responder built from a closure, for tests.
struct ClosureResponder: HTTPResponder {
    let handle: @Sendable (HTTPRequest) -> HTTPResponse

    func respond(to request: HTTPRequest) -> HTTPResponse { handle(request) }
}

/// An observer that keeps every exchange, for tests.
final class RecordingObserver: HTTPServerObserver {
    private let exchanges = Mutex<[CompletedExchange]>([])

    func exchangeCompleted(_ exchange: CompletedExchange) {
        exchanges.withLock { $0.append(exchange) }
    }

    var recorded: [CompletedExchange] { exchanges.withLock { $0 } }
}

/// Each live test starts its own port-0 server with short timeouts and stops it afterwards.
enum LiveServer {
    /// The responder most tests use: `/echo` answers with the request, `/sleep?ms=N` waits,
    /// anything else says "ok".
    static let standard = ClosureResponder { request in
        switch request.path {
        case "/echo":
            var headers = HTTPHeaders()
            headers.add("X-Method", request.method.rawValue)
            headers.add("X-Path", request.path)
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(request.body))
        case "/sleep":
            let milliseconds = Int(request.queryValue("ms") ?? "0") ?? 0
            usleep(UInt32(milliseconds * 1000))
            return HTTPResponse(status: .ok, body: .bytes(Array((request.queryValue("id") ?? "").utf8)))
        case "/empty":
            return HTTPResponse(status: .noContent)
        default:
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: .bytes(Array("ok".utf8)))
        }
    }

    /// Runs `body` against a started server.
    static func with(
        _ adjust: (inout HTTPServer.Configuration) -> Void = { _ in },
        responder: any HTTPResponder = standard,
        observer: (any HTTPServerObserver)? = nil,
        _ body: (HTTPServer) throws -> Void
    ) throws {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        configuration.workerCount = 8
        configuration.eventLoopCount = 2
        configuration.lingerTimeout = .milliseconds(200)
        adjust(&configuration)
        let server = HTTPServer(configuration: configuration, responder: responder, observer: observer)
        try server.start()
        defer { server.shutdown(grace: .seconds(2)) }
        try body(server)
    }

    /// A GET for `path` on HTTP/1.1.
    static func get(_ path: String, _ extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n"
    }
}
