import Testing
import HTTP
import TestClient

/// A property of one response beyond its status.
enum ResponseCheck: Sendable, CustomStringConvertible {
    /// The field is present with exactly this value.
    case field(String, String)
    /// The field is absent.
    case noField(String)
    /// The body is exactly this text.
    case body(String)
    /// The body has exactly this many bytes.
    case bodyLength(Int)
    /// `X-Request-Id` is one the server made: 16 hex digits.
    case generatedRequestID

    var description: String {
        switch self {
        case .field(let name, let value): "\(name): \(value)"
        case .noField(let name): "no \(name)"
        case .body(let text): "body \(text.debugDescription)"
        case .bodyLength(let count): "a body of \(count) bytes"
        case .generatedRequestID: "a generated X-Request-Id"
        }
    }

    /// Whether `response` has the property.
    func holds(for response: TestClient.Response) -> Bool {
        switch self {
        case .field(let name, let value): response.header(name) == value
        case .noField(let name): response.header(name) == nil
        case .body(let text): response.text == text
        case .bodyLength(let count): response.body.count == count
        case .generatedRequestID: response.header("X-Request-Id").map(Self.isGenerated) ?? false
        }
    }

    private static func isGenerated(_ id: String) -> Bool {
        id.count == 16 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

/// One response a conformance case expects, in the order the responses arrive.
struct ExpectedResponse: Sendable {
    /// The status code.
    var status: Int
    /// Further properties of the response.
    var checks: [ResponseCheck] = []
    /// Whether the response answers HEAD, so no body follows its head.
    var answersHead = false

    /// A response with this status and these properties.
    static func status(_ status: Int, _ checks: ResponseCheck..., answersHead: Bool = false) -> ExpectedResponse {
        ExpectedResponse(status: status, checks: checks, answersHead: answersHead)
    }
}

/// What becomes of the connection once the expected responses have been read.
enum ConnectionFate: Sendable {
    /// It persists: the last response does not say `close`, and a further request on it is answered.
    case kept
    /// The last response says `Connection: close` and the server closes the connection.
    case closed
}

/// One requirement of SERVER.md's "HTTP/1.1 behaviour", checked over raw TCP: the bytes a
/// client sends, the responses it must get and what becomes of its connection.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    /// What the case shows, as a sentence fragment.
    var name: String
    /// The RFC section that requires the behaviour, such as "RFC 9112 §6.1".
    var section: String
    /// The bytes sent at once after connecting.
    var request: [UInt8]
    /// The responses, in order.
    var responses: [ExpectedResponse]
    /// The connection's fate after them.
    var fate: ConnectionFate
    /// Bytes sent once the first response has been read: the content after a `100 Continue`.
    var continuation: [UInt8]?
    /// Adjusts the server's configuration beyond the suite's.
    var configure: @Sendable (inout HTTPServer.Configuration) -> Void = { _ in }

    var testDescription: String { "\(section): \(name)" }

    /// A request answered with one response; the connection persists unless `fate` says otherwise.
    static func served(
        _ name: String, _ section: String, _ request: String, status: Int = 200, _ checks: ResponseCheck...,
        answersHead: Bool = false, fate: ConnectionFate = .kept
    ) -> ConformanceCase {
        ConformanceCase(
            name: name, section: section, request: Array(request.utf8),
            responses: [ExpectedResponse(status: status, checks: checks, answersHead: answersHead)], fate: fate)
    }

    /// Requests answered by several responses (pipelining, `100 Continue`), with `continuation`
    /// sent after the first.
    static func exchange(
        _ name: String, _ section: String, _ request: String, _ responses: [ExpectedResponse], fate: ConnectionFate,
        continuation: String? = nil, configure: @escaping @Sendable (inout HTTPServer.Configuration) -> Void = { _ in }
    ) -> ConformanceCase {
        ConformanceCase(
            name: name, section: section, request: Array(request.utf8), responses: responses, fate: fate,
            continuation: continuation.map { Array($0.utf8) }, configure: configure)
    }

    /// A request the server refuses itself: a problem document, `Connection: close`, then the close.
    static func refused(
        _ name: String, _ section: String, _ request: String, status: Int = 400, _ checks: ResponseCheck...
    ) -> ConformanceCase {
        refused(name, section, Array(request.utf8), status: status, checks)
    }

    /// A refusal of raw bytes, for requests that are not UTF-8.
    static func refused(
        _ name: String, _ section: String, _ request: [UInt8], status: Int = 400, _ checks: [ResponseCheck] = []
    ) -> ConformanceCase {
        let problem = ResponseCheck.field("Content-Type", "application/problem+json")
        return ConformanceCase(
            name: name, section: section, request: request,
            responses: [ExpectedResponse(status: status, checks: [problem] + checks)], fate: .closed)
    }
}

extension ConformanceCase {
    /// The request sent after a kept connection's responses; its answer proves the earlier
    /// requests were framed exactly, with no byte left over or taken from it.
    private static let probe = "GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n"

    /// Runs the case against its own port-0 server.
    func run() throws {
        let configure = configure
        try LiveServer.with(
            { configuration in
                configuration.eventLoopCount = 1
                configuration.workerCount = 2
                configuration.headerTimeout = .seconds(1)
                configuration.bodyIdleTimeout = .seconds(1)
                configure(&configuration)
            }, responder: ConformanceResponder()
        ) { server in
            let client = try TestClient(port: server.localPort, timeout: 5)
            try client.send(request)
            var last: TestClient.Response?
            for (index, expected) in responses.enumerated() {
                if index == 1, let continuation { try client.send(continuation) }
                let response = try client.readResponse(method: expected.answersHead ? "HEAD" : "GET")
                #expect(response.status == expected.status, "response \(index + 1)")
                for check in expected.checks {
                    #expect(check.holds(for: response), "response \(index + 1): \(check)")
                }
                Self.expectServerFields(response, answersHead: expected.answersHead)
                last = response
            }
            let connection = last?.header("Connection")?.lowercased()
            switch fate {
            case .kept:
                #expect(connection != "close", "the last response keeps the connection")
                try client.send(Self.probe)
                #expect(try client.readResponse().text == "hello world", "the connection serves another request")
            case .closed:
                #expect(connection == "close", "the last response announces the close")
                #expect(try client.readUntilClosed().isEmpty, "the server closes the connection, sending nothing more")
            }
        }
    }

    /// What every final response carries (RFC 9110 §6.6.1, §8.6; RFC 9112 §6.3): a `Date` in
    /// IMF-fixdate, framing by `Content-Length` matching the body or by chunked coding — none
    /// for 204 — and an `X-Request-Id`.
    private static func expectServerFields(_ response: TestClient.Response, answersHead: Bool) {
        guard response.status >= 200 else {
            #expect(response.header("Content-Length") == nil, "a 1xx has no content")
            return
        }
        let date = response.header("Date")
        #expect(date?.count == 29 && date?.hasSuffix(" GMT") == true, "Date is IMF-fixdate: \(date ?? "absent")")
        #expect(response.header("X-Request-Id") != nil, "every response has a request ID")
        let length = response.header("Content-Length")
        let chunked = response.header("Transfer-Encoding") == "chunked"
        if response.status == 204 {
            #expect(length == nil && !chunked, "a 204 has no framing fields")
        } else if response.header("Connection") != "close" || length != nil || chunked {
            #expect((length != nil) != chunked, "exactly one of Content-Length and chunked")
            if let length, !answersHead {
                #expect(Int(length) == response.body.count, "Content-Length matches the body")
            }
        }
    }
}

/// The application behind the conformance server: a router for `/fixed`, `/empty` and
/// `/stream`, and an echo of the request for every other path.
struct ConformanceResponder: HTTPResponder {
    private let router: Router = {
        var router = Router { _, _ in HTTPResponse(status: .internalServerError) }
        router.add(.get, "/fixed") { _, _ in HTTPResponse(status: .ok, body: .bytes(Array("hello world".utf8))) }
        router.add(.get, "/empty") { _, _ in HTTPResponse(status: .noContent) }
        router.add(.get, "/stream") { _, _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    writer.write(Array("abc".utf8))
                    writer.write(Array("def".utf8))
                    writer.finish()
                })
        }
        return router
    }()

    func respond(to request: HTTPRequest) -> HTTPResponse {
        let routed = request.path == "*" ? nil : router.respond(to: request)
        if let routed, routed.status != .notFound { return routed }
        // The echo says what the server made of the request: method, decoded path and query,
        // version, and whether a trailer field leaked into the headers.
        let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let headers: HTTPHeaders = [
            "X-Method": request.method.rawValue, "X-Path": request.path, "X-Query": query,
            "X-Version": request.version.description, "X-Trailer": request.headers["X-Trailer"] ?? "absent",
        ]
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(request.body))
    }
}
