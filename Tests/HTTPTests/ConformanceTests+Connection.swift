import Testing

/// Persistence, pipelining and closing (RFC 9112 §9), `Expect`, `HEAD`, `OPTIONS`, methods and `Host`.
extension ConformanceTests {
    /// A GET of `target` with `fields` on `version`.
    static func get(_ target: String, _ fields: String = host, version: String = "1.1") -> String {
        "GET \(target) HTTP/\(version)\r\n\(fields)\r\n"
    }

    static let connections: [ConformanceCase] = [
        .served("HTTP/1.1 persists by default, saying nothing", "RFC 9112 §9.3", get("/echo"), .noField("Connection")),
        .served(
            "HTTP/1.1 with Connection: keep-alive persists", "RFC 9112 §9.3",
            get("/echo", host + "Connection: keep-alive\r\n"), .noField("Connection")),
        .served(
            "Connection: close from the client is honoured", "RFC 9112 §9.6",
            get("/echo", host + "Connection: close\r\n"), fate: .closed),
        .served(
            "the close option in upper case", "RFC 9110 §7.6.1", get("/echo", host + "Connection: CLOSE\r\n"),
            fate: .closed),
        .served(
            "the close option inside a list", "RFC 9110 §7.6.1",
            get("/echo", host + "Connection: keep-alive, close\r\n"), fate: .closed),
        .served(
            "the close option in a second Connection field", "RFC 9110 §7.6.1",
            get("/echo", host + "Connection: upgrade\r\nConnection: close\r\n"), fate: .closed),
        .served(
            "a lower-case connection field name", "RFC 9110 §5.1", get("/echo", host + "connection: close\r\n"),
            fate: .closed),
        .served(
            "HTTP/1.0 closes by default and says so", "RFC 9112 §9.3", get("/echo", "", version: "1.0"),
            .field("X-Version", "HTTP/1.0"), fate: .closed),
        .served(
            "HTTP/1.0 with keep-alive persists and says so", "RFC 9112 §9.3",
            get("/echo", "Connection: keep-alive\r\n", version: "1.0"), .field("Connection", "keep-alive")),
        .served(
            "HTTP/1.0 keep-alive in mixed case", "RFC 9110 §7.6.1",
            get("/echo", "Connection: Keep-Alive\r\n", version: "1.0"), .field("Connection", "keep-alive")),
        .served(
            "HTTP/1.0 with keep-alive and close closes", "RFC 9112 §9.3",
            get("/echo", "Connection: keep-alive, close\r\n", version: "1.0"), fate: .closed),
        .served(
            "HTTP/1.0 keep-alive with Content-Length content", "RFC 9112 §9.3",
            "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi", .body("hi"),
            .field("Connection", "keep-alive")),
        .served(
            "an HTTP/1.0 stream ends with the connection, without chunks", "RFC 9112 §6.3",
            get("/stream", "Connection: keep-alive\r\n", version: "1.0"), .noField("Transfer-Encoding"),
            .body("abcdef"),
            fate: .closed),
        .served(
            "an HTTP/1.1 stream is chunked", "RFC 9112 §7.1", get("/stream"),
            .field("Transfer-Encoding", "chunked"), .noField("Content-Length"), .body("abcdef")),
        .exchange(
            "the server closes after its last allowed request and says so", "RFC 9112 §9.6",
            get("/echo?n=1") + get("/echo?n=2"),
            [.status(200, .noField("Connection")), .status(200, .field("X-Query", "n=2"))], fate: .closed,
            configure: { $0.maxRequestsPerConnection = 2 }),
        .exchange(
            "a request pipelined after Connection: close is not answered", "RFC 9112 §9.6",
            get("/echo?n=1", host + "Connection: close\r\n") + get("/echo?n=2"),
            [.status(200, .field("X-Query", "n=1"))], fate: .closed),
        .exchange(
            "pipelined requests are answered in order", "RFC 9112 §9.3.2",
            get("/echo?n=1") + get("/echo?n=2") + get("/echo?n=3"),
            [
                .status(200, .field("X-Query", "n=1")), .status(200, .field("X-Query", "n=2")),
                .status(200, .field("X-Query", "n=3")),
            ], fate: .kept),
        .exchange(
            "a pipelined POST between GETs keeps its place", "RFC 9112 §9.3.2",
            get("/echo?n=1") + post("Content-Length: 4\r\n", "post") + get("/echo?n=3"),
            [
                .status(200, .field("X-Query", "n=1")), .status(200, .body("post"), .field("X-Method", "POST")),
                .status(200, .field("X-Query", "n=3")),
            ], fate: .kept),
        .exchange(
            "twenty pipelined requests, more than the server queues, are all answered in order", "RFC 9112 §9.3.2",
            (0..<20).map { get("/echo?n=\($0)") }.joined(),
            (0..<20).map { .status(200, .field("X-Query", "n=\($0)")) }, fate: .kept),
        .exchange(
            "a bad request after good pipelined ones is answered in its turn, then the close", "RFC 9112 §9.3.2",
            get("/echo?n=1") + get("/echo?n=2") + "BAD\r\n\r\n",
            [.status(200, .field("X-Query", "n=1")), .status(200, .field("X-Query", "n=2")), .status(400)],
            fate: .closed),
    ]

    static let expectations: [ConformanceCase] = [
        .exchange(
            "Expect: 100-continue gets 100 before the content is sent", "RFC 9110 §10.1.1",
            post("Expect: 100-continue\r\nContent-Length: 5\r\n"), [.status(100), .status(200, .body("hello"))],
            fate: .kept, continuation: "hello"),
        .exchange(
            "100-continue in upper case", "RFC 9110 §10.1.1",
            post("Expect: 100-CONTINUE\r\nContent-Length: 5\r\n"), [.status(100), .status(200, .body("hello"))],
            fate: .kept, continuation: "hello"),
        .exchange(
            "100-continue with chunked content", "RFC 9110 §10.1.1",
            post("Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n"),
            [.status(100), .status(200, .body("hello"))],
            fate: .kept, continuation: "5\r\nhello\r\n0\r\n\r\n"),
        .served(
            "no 100 when the content came with the head", "RFC 9110 §10.1.1",
            post("Expect: 100-continue\r\nContent-Length: 5\r\n", "hello"), .body("hello")),
        .served(
            "no 100 for a request without content", "RFC 9110 §10.1.1",
            get("/echo", host + "Expect: 100-continue\r\n"), .field("X-Method", "GET")),
        .refused(
            "no 100 for HTTP/1.0, which must send its content unasked", "RFC 9110 §10.1.1",
            "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", status: 408),
        .refused(
            "100-continue with content over the limit gets 413 instead", "RFC 9110 §10.1.1",
            post("Expect: 100-continue\r\nContent-Length: 1048577\r\n"), status: 413),
        .refused(
            "an unknown expectation gets 417", "RFC 9110 §10.1.1",
            post("Expect: teapot\r\nContent-Length: 5\r\n", "hello"), status: 417),
        .refused(
            "100-continue listed with an unknown expectation gets 417", "RFC 9110 §10.1.1",
            post("Expect: 100-continue, teapot\r\nContent-Length: 5\r\n"), status: 417),
    ]

    static let methods: [ConformanceCase] = [
        .served(
            "HEAD gets GET's Content-Length and no content", "RFC 9110 §9.3.2", "HEAD /fixed HTTP/1.1\r\n\(host)\r\n",
            .field("Content-Length", "11"), answersHead: true),
        .exchange(
            "HEAD pipelined before GET leaves no content between them", "RFC 9110 §9.3.2",
            "HEAD /fixed HTTP/1.1\r\n\(host)\r\n" + get("/fixed"),
            [.status(200, .field("Content-Length", "11"), answersHead: true), .status(200, .body("hello world"))],
            fate: .kept),
        .served(
            "HEAD of a stream sends no chunks", "RFC 9110 §9.3.2", "HEAD /stream HTTP/1.1\r\n\(host)\r\n",
            .field("Transfer-Encoding", "chunked"), answersHead: true),
        .served(
            "a 204 has neither Content-Length nor content", "RFC 9110 §8.6", get("/empty"), status: 204,
            .noField("Content-Length")),
        .served(
            "OPTIONS * reaches the application", "RFC 9112 §3.2.4", "OPTIONS * HTTP/1.1\r\n\(host)\r\n",
            .field("X-Path", "*"), .field("X-Method", "OPTIONS")),
        .refused("the asterisk-form with GET", "RFC 9112 §3.2.4", "GET * HTTP/1.1\r\n\(host)\r\n"),
        .served(
            "OPTIONS on a path lists its methods", "RFC 9110 §9.3.7", "OPTIONS /fixed HTTP/1.1\r\n\(host)\r\n",
            status: 204, .field("Allow", "GET, HEAD, OPTIONS")),
        .served(
            "an unsupported method gets 405 with Allow", "RFC 9110 §15.5.6",
            "POST /fixed HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\n",
            status: 405, .field("Allow", "GET, HEAD, OPTIONS")),
        .served(
            "methods are case-sensitive: get is not GET", "RFC 9110 §9.1", "get /fixed HTTP/1.1\r\n\(host)\r\n",
            status: 405, .field("Allow", "GET, HEAD, OPTIONS")),
        .served(
            "an unregistered method token reaches the application", "RFC 9110 §9.1",
            "PURGE /echo HTTP/1.1\r\n\(host)\r\n", .field("X-Method", "PURGE")),
        .served(
            "a method token with a hyphen", "RFC 9110 §9.1", "M-SEARCH /echo HTTP/1.1\r\n\(host)\r\n",
            .field("X-Method", "M-SEARCH")),
    ]

    static let hosts: [ConformanceCase] = [
        .refused("a missing Host on HTTP/1.1", "RFC 9112 §3.2", "GET /echo HTTP/1.1\r\n\r\n"),
        .refused("a repeated Host", "RFC 9112 §3.2", get("/echo", host + host)),
        .refused(
            "a repeated Host with differing case and value", "RFC 9112 §3.2", get("/echo", "HOST: a\r\nhost: b\r\n")),
        .refused("a repeated Host on HTTP/1.0", "RFC 9112 §3.2", get("/echo", host + host, version: "1.0")),
        .refused("a Host with a space", "RFC 9112 §3.2", get("/echo", "Host: a b\r\n")),
        .refused("a Host with user info", "RFC 9112 §3.2", get("/echo", "Host: user@t\r\n")),
        .refused("a Host with a path", "RFC 9112 §3.2", get("/echo", "Host: t/x\r\n")),
        .refused("a Host whose port is not a number", "RFC 9112 §3.2", get("/echo", "Host: t:80x\r\n")),
        .served("no Host on HTTP/1.0", "RFC 9112 §3.2", get("/echo", "Connection: keep-alive\r\n", version: "1.0")),
        .served("an empty Host", "RFC 9112 §3.2", get("/echo", "Host:\r\n")),
        .served("a Host with a port", "RFC 9110 §7.2", get("/echo", "Host: t:8080\r\n")),
        .served("a Host that is an IPv6 literal with a port", "RFC 9110 §7.2", get("/echo", "Host: [::1]:8080\r\n")),
        .served("a lower-case host field name", "RFC 9110 §5.1", get("/echo", "host: t\r\n")),
    ]

    @Test("Persistence, pipelining and Connection: close both ways", arguments: connections)
    func connections(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("Expect: 100-continue, and 417 for any other expectation", arguments: expectations)
    func expectations(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("HEAD, OPTIONS, 405 and method tokens", arguments: methods)
    func methods(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("Host is required once on HTTP/1.1 and must be a host and port", arguments: hosts)
    func hosts(_ example: ConformanceCase) throws {
        try example.run()
    }
}
