import Testing

/// Request targets and their percent-decoding (RFC 9112 §3.2, RFC 3986 §2.1), versions
/// (RFC 9112 §2.3) and the fields the server puts on every response.
extension ConformanceTests {
    static let targets: [ConformanceCase] = [
        .served(
            "an absolute-form target", "RFC 9112 §3.2.2", get("http://t/echo?a=1"),
            .field("X-Path", "/echo"), .field("X-Query", "a=1")),
        .served(
            "an absolute-form target with a port and https", "RFC 9112 §3.2.2", get("https://t:8443/x/y"),
            .field("X-Path", "/x/y")),
        .served(
            "an absolute-form target without a path means /", "RFC 9112 §3.2.2", get("http://t"), .field("X-Path", "/")),
        .served(
            "an absolute-form target with a query and no path", "RFC 9112 §3.2.2", get("http://t?a=1"),
            .field("X-Path", "/"), .field("X-Query", "a=1")),
        .refused("a scheme without //", "RFC 9112 §3.2", get("ftp:/x")),
        .refused("a relative target", "RFC 9112 §3.2", get("echo")),
        .refused("the authority-form outside CONNECT", "RFC 9112 §3.2.3", get("t:80")),
        .refused("CONNECT, which is not served", "RFC 9112 §3.2.3", "CONNECT t:443 HTTP/1.1\r\n\(host)\r\n"),
        .refused("a fragment in the target", "RFC 9112 §3.2", get("/echo#top")),
        .refused(
            "a raw non-ASCII byte in the target", "RFC 9112 §3.2",
            Array("GET /caf".utf8) + [0xC3, 0xA9] + Array(" HTTP/1.1\r\n\(host)\r\n".utf8)),
        .served("a percent-encoded space", "RFC 3986 §2.1", get("/a%20b"), .field("X-Path", "/a b")),
        .served("a percent-encoded UTF-8 letter", "RFC 3986 §2.1", get("/caf%C3%A9"), .field("X-Path", "/café")),
        .served(
            "lower-case percent-encoding hex digits", "RFC 3986 §2.1", get("/caf%c3%a9"), .field("X-Path", "/café")),
        .served("a percent-encoded four-byte character", "RFC 3986 §2.1", get("/%F0%9F%98%80"), .field("X-Path", "/😀")),
        .served("a plus sign in the path stays a plus", "RFC 3986 §3.3", get("/a+b"), .field("X-Path", "/a+b")),
        .served("a plus sign in the query is a space", "RFC 3986 §3.4", get("/echo?q=a+b"), .field("X-Query", "q=a b")),
        .served(
            "percent-encoded delimiters in the query", "RFC 3986 §2.1", get("/echo?q=%26%3D"), .field("X-Query", "q=&=")
        ),
        .refused("a percent sign without hex digits", "RFC 3986 §2.1", get("/a%zz")),
        .refused("a percent-encoding cut short", "RFC 3986 §2.1", get("/a%4")),
        .refused("a percent sign at the end", "RFC 3986 §2.1", get("/a%")),
        .refused("percent-encoded bytes that are not UTF-8", "RFC 3986 §2.5", get("/%C3%28")),
        .refused("an overlong encoding of /", "RFC 3629 §3", get("/%C0%AF")),
        .refused("an overlong three-byte encoding", "RFC 3629 §3", get("/%E0%80%AF")),
        .refused("an encoded UTF-16 surrogate", "RFC 3629 §3", get("/%ED%A0%80")),
        .refused("a code point above U+10FFFF", "RFC 3629 §3", get("/%F4%90%80%80")),
        .refused("a byte that never occurs in UTF-8", "RFC 3629 §3", get("/%FF")),
        .refused("a lone continuation byte", "RFC 3629 §3", get("/%80")),
        .refused("a truncated sequence in the query", "RFC 3629 §3", get("/echo?a=%E2%82")),
        .refused("a bad percent-encoding in a query name", "RFC 3986 §2.1", get("/echo?%G1=1")),
    ]

    static let versions: [ConformanceCase] = [
        .refused("HTTP/2.0 in an HTTP/1 request line", "RFC 9110 §15.6.6", get("/echo", version: "2.0"), status: 505),
        .refused("HTTP/1.2", "RFC 9110 §15.6.6", get("/echo", version: "1.2"), status: 505),
        .refused("HTTP/0.9", "RFC 9110 §15.6.6", get("/echo", version: "0.9"), status: 505),
        .refused("HTTP/3.0", "RFC 9110 §15.6.6", get("/echo", version: "3.0"), status: 505),
        .refused("a version with trailing garbage", "RFC 9112 §2.3", get("/echo", version: "1.1x")),
        .refused("a lower-case protocol name", "RFC 9112 §2.3", "GET /echo http/1.1\r\n\(host)\r\n"),
        .refused("a version without a minor digit", "RFC 9112 §2.3", get("/echo", version: "1")),
        .refused("a version with two-digit parts", "RFC 9112 §2.3", get("/echo", version: "11.1")),
        .refused("a space after the version", "RFC 9112 §3", "GET /echo HTTP/1.1 \r\n\(host)\r\n"),
        .refused("no version", "RFC 9112 §3", "GET /echo\r\n\(host)\r\n"),
    ]

    static let responseFields: [ConformanceCase] = [
        .served(
            "a valid X-Request-Id is echoed", "RFC 9110 §5.1", get("/echo", host + "X-Request-Id: trace-42.a:b_c\r\n"),
            .field("X-Request-Id", "trace-42.a:b_c")),
        .served(
            "a lower-case x-request-id name is read", "RFC 9110 §5.1", get("/echo", host + "x-request-id: abc\r\n"),
            .field("X-Request-Id", "abc")),
        .served(
            "an X-Request-Id of 128 characters is echoed", "RFC 9110 §5.5",
            get("/echo", host + "X-Request-Id: \(String(repeating: "r", count: 128))\r\n"),
            .field("X-Request-Id", String(repeating: "r", count: 128))),
        .served(
            "an X-Request-Id of 129 characters is replaced", "RFC 9110 §5.5",
            get("/echo", host + "X-Request-Id: \(String(repeating: "r", count: 129))\r\n"), .generatedRequestID),
        .served(
            "an X-Request-Id with a space is replaced", "RFC 9110 §5.5", get("/echo", host + "X-Request-Id: a b\r\n"),
            .generatedRequestID),
        .served(
            "an X-Request-Id with a slash is replaced", "RFC 9110 §5.5", get("/echo", host + "X-Request-Id: a/b\r\n"),
            .generatedRequestID),
        .served(
            "an empty X-Request-Id is replaced", "RFC 9110 §5.5", get("/echo", host + "X-Request-Id:\r\n"),
            .generatedRequestID),
        .served("a request without X-Request-Id gets one", "RFC 9110 §5.5", get("/echo"), .generatedRequestID),
        .refused(
            "a refused head gets a new request ID, as its fields were not understood", "RFC 9110 §5.5",
            post("X-Request-Id: mine\r\nContent-Length: x\r\n"), .generatedRequestID),
        .refused(
            "content refused mid-body keeps the request's ID", "RFC 9110 §5.5",
            post("X-Request-Id: mine\r\nTransfer-Encoding: chunked\r\n", "zz\r\n"), .field("X-Request-Id", "mine")),
        .refused("a 505 carries Date and Content-Length", "RFC 9110 §6.6.1", get("/echo", version: "1.2"), status: 505),
        .served(
            "a 200 carries Date and a Content-Length matching its content", "RFC 9110 §6.6.1", get("/fixed"),
            .field("Content-Length", "11"), .body("hello world")),
    ]

    @Test("Targets: forms and percent-decoding as UTF-8", arguments: targets)
    func targets(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("HTTP/1.0 and 1.1 are served, other versions get 505, malformed ones 400", arguments: versions)
    func versions(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test(
        "X-Request-Id is echoed or replaced; Date and Content-Length are on every response", arguments: responseFields)
    func responseFields(_ example: ConformanceCase) throws {
        try example.run()
    }
}
