import Testing
@testable import HTTP

/// A request that must parse, and what it must parse to.
struct ValidRequest: CustomTestStringConvertible, Sendable {
    var name: String
    var raw: String
    var method = "GET"
    var path = "/"
    var segments: [String] = []
    var query: [HTTPRequest.QueryItem] = []
    var headers: [String: String] = [:]
    var body = ""
    var count = 1

    var testDescription: String { name }
}

@Suite("Request parser")
struct HTTPRequestParserTests {
    static let valid: [ValidRequest] = [
        ValidRequest(
            name: "a plain GET", raw: "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
            path: "/healthz", segments: ["healthz"], headers: ["host": "a"]),
        ValidRequest(
            name: "percent-encoded path and query",
            raw: "GET /v1/caf%C3%A9/a%2Fb/?q=hello+world&x=%26%3D&flag&&e= HTTP/1.1\r\nHost: a\r\n\r\n",
            path: "/v1/café/a/b/", segments: ["v1", "café", "a/b", ""],
            query: [
                .init(name: "q", value: "hello world"), .init(name: "x", value: "&="),
                .init(name: "flag", value: ""), .init(name: "e", value: ""),
            ]),
        ValidRequest(
            name: "a body by Content-Length",
            raw: "POST /v1/complaints HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
            method: "POST", path: "/v1/complaints", segments: ["v1", "complaints"], body: "hello world"),
        ValidRequest(
            name: "a chunked body with extensions and trailers",
            raw: "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6 ; x=\"y z\"\r\n world\r\nA\r\n0123456789\r\n0\r\nDigest: abc\r\nX-T: 1\r\n\r\n",
            method: "POST", path: "/c", segments: ["c"], body: "hello world0123456789"),
        ValidRequest(
            name: "a chunked body without trailers",
            raw: "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            method: "PUT", path: "/c", segments: ["c"], body: "abc"),
        ValidRequest(name: "HTTP/1.0 without Host", raw: "GET /a HTTP/1.0\r\n\r\n", path: "/a", segments: ["a"]),
        ValidRequest(
            name: "absolute-form", raw: "GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n",
            path: "/a/b", segments: ["a", "b"], query: [.init(name: "c", value: "d")]),
        ValidRequest(
            name: "asterisk-form with OPTIONS", raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            method: "OPTIONS", path: "*"),
        ValidRequest(name: "an empty line before the request line", raw: "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        ValidRequest(
            name: "a repeated identical Content-Length",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc",
            method: "POST", body: "abc"),
        ValidRequest(
            name: "field values trimmed of whitespace, obs-text kept",
            raw: "GET / HTTP/1.1\r\nHost:a\r\nX-A: \t v  w \t\r\nX-B:\r\nX-C: caf\u{E9}\r\n\r\n",
            headers: ["x-a": "v  w", "x-b": "", "x-c": "café"]),
        ValidRequest(
            name: "a pipelined pair",
            raw: "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi",
            method: "POST", path: "/2", segments: ["2"], body: "hi", count: 2),
    ]

    @Test("A valid request parses whole, and every proper prefix of it asks for more", arguments: valid)
    func validRequestParses(_ example: ValidRequest) throws {
        let bytes = Array(example.raw.utf8)
        let whole = ParserDriver.parse(bytes)
        #expect(whole.error == nil)
        try #require(whole.requests.count == example.count)
        let head = try #require(whole.requests.last)
        let request = head.request
        #expect(request.method.rawValue == example.method)
        #expect(request.path == example.path)
        #expect(request.pathSegments == example.segments)
        #expect(request.query == example.query)
        #expect(String(decoding: request.body, as: UTF8.self) == example.body)
        for (name, value) in example.headers {
            #expect(request.headers[name] == value)
        }
        for length in 0..<bytes.count {
            let prefix = ParserDriver.parse(Array(bytes[..<length]))
            #expect(prefix.error == nil, "prefix of \(length) bytes")
            #expect(prefix.requests.count < example.count, "prefix of \(length) bytes")
        }
    }

    @Test("A valid request parses the same when it arrives one byte at a time", arguments: valid)
    func validRequestParsesIncrementally(_ example: ValidRequest) {
        let bytes = Array(example.raw.utf8)
        let whole = ParserDriver.parse(bytes)
        for step in [1, 2, 7] {
            let pieces = ParserDriver.parse(bytes, step: step)
            #expect(pieces.error == nil)
            #expect(pieces.requests.map(\.request.path) == whole.requests.map(\.request.path))
            #expect(pieces.requests.map(\.request.body) == whole.requests.map(\.request.body))
        }
    }

    @Test(
        "HTTP/1.1 keeps the connection open unless asked to close; HTTP/1.0 only when asked",
        arguments: [
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
            ("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ])
    func keepAliveFollowsVersionAndConnection(raw: String, keepAlive: Bool) throws {
        let head = try #require(ParserDriver.parse(Array(raw.utf8)).requests.first)
        #expect(head.keepAlive == keepAlive)
    }

    @Test(
        "Expect: 100-continue is noted for HTTP/1.1 requests with a body only",
        arguments: [
            ("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx", true),
            ("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", false),
            ("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx", false),
        ])
    func expectContinueIsNoted(raw: String, expects: Bool) throws {
        let head = try #require(ParserDriver.parse(Array(raw.utf8)).requests.first)
        #expect(head.expectsContinue == expects)
    }

    @Test(
        "A valid X-Request-Id is kept and an invalid one ignored",
        arguments: [
            ("abc-123.X_y:z", "abc-123.X_y:z"),
            ("has space", ""),
            ("bad/slash", ""),
            (String(repeating: "a", count: 129), ""),
        ])
    func requestIDIsValidated(incoming: String, kept: String) throws {
        let raw = "GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: \(incoming)\r\n\r\n"
        let head = try #require(ParserDriver.parse(Array(raw.utf8)).requests.first)
        #expect(head.request.requestID == kept)
    }

    @Test(
        "Empty lines before the request line count towards its limit however the bytes arrive",
        arguments: [
            (0, 243, true), (0, 244, false), (2, 241, true), (2, 242, false), (4, 239, true), (4, 240, false),
            (2, 243, false), (4, 241, false),
        ])
    func leadingEmptyLinesCountTowardsTheRequestLineLimit(emptyLineBytes: Int, targetBytes: Int, served: Bool) {
        var limits = HTTPServerConfiguration()
        limits.maxRequestLineBytes = 256
        // "GET " + target + " HTTP/1.1" is 13 bytes more than the target: 243 fills the 256.
        let raw =
            String(repeating: "\r\n", count: emptyLineBytes / 2) + "GET /"
            + String(repeating: "a", count: targetBytes - 1) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        for step in [Int.max, 1, 3, 7] {
            let outcome =
                step == .max
                ? ParserDriver.parse(Array(raw.utf8), limits: limits)
                : ParserDriver.parse(Array(raw.utf8), step: step, limits: limits)
            #expect(outcome.requests.count == (served ? 1 : 0), "in pieces of \(step)")
            #expect(served ? outcome.error == nil : outcome.error == .uriTooLong, "in pieces of \(step)")
        }
    }
}
