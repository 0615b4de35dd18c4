import Testing

/// Message framing (RFC 9112 §6–7), the size limits each with its status, and the deadlines.
extension ConformanceTests {
    static let long = String(repeating: "a", count: 9000)
    static let mebibyte = 1024 * 1024

    static let framing: [ConformanceCase] = [
        .served("a Content-Length body", "RFC 9112 §6.2", post("Content-Length: 5\r\n", "hello"), .body("hello")),
        .served("a zero Content-Length", "RFC 9112 §6.2", post("Content-Length: 0\r\n"), .body("")),
        .served(
            "a Content-Length with leading zeros", "RFC 9110 §8.6", post("Content-Length: 005\r\n", "hello"),
            .body("hello")),
        .served(
            "a lower-case content-length name", "RFC 9110 §5.1", post("content-length: 5\r\n", "hello"), .body("hello")),
        .served(
            "an upper-case CONTENT-LENGTH name", "RFC 9110 §5.1", post("CONTENT-LENGTH: 5\r\n", "hello"), .body("hello")
        ),
        .served(
            "a lower-case transfer-encoding name", "RFC 9110 §5.1",
            post("transfer-encoding: chunked\r\n", "3\r\nabc\r\n0\r\n\r\n"), .body("abc")),
        .served(
            "a GET with Content-Length content", "RFC 9110 §9.3.1",
            "GET /echo HTTP/1.1\r\n\(host)Content-Length: 3\r\n\r\nabc", .body("abc")),
        .served("one chunk", "RFC 9112 §7.1", chunked("5\r\nhello\r\n0\r\n\r\n"), .body("hello")),
        .served(
            "several chunks", "RFC 9112 §7.1", chunked("3\r\nabc\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n"), .body("abcdef")),
        .served("only the last chunk", "RFC 9112 §7.1", chunked("0\r\n\r\n"), .body("")),
        .served(
            "an upper-case hexadecimal chunk size", "RFC 9112 §7.1", chunked("A\r\n0123456789\r\n0\r\n\r\n"),
            .body("0123456789")),
        .served(
            "a lower-case hexadecimal chunk size", "RFC 9112 §7.1", chunked("a\r\n0123456789\r\n0\r\n\r\n"),
            .body("0123456789")),
        .served(
            "a chunk size with leading zeros", "RFC 9112 §7.1", chunked("0005\r\nhello\r\n0\r\n\r\n"), .body("hello")),
        .served("a chunk extension", "RFC 9112 §7.1.1", chunked("5;name=value\r\nhello\r\n0\r\n\r\n"), .body("hello")),
        .served(
            "a quoted chunk extension", "RFC 9112 §7.1.1", chunked("5;a=\"x y\"\r\nhello\r\n0;b\r\n\r\n"),
            .body("hello")),
        .served(
            "several chunk extensions", "RFC 9112 §7.1.1", chunked("5;a;b=c\r\nhello\r\n0\r\n\r\n"), .body("hello")),
        .served(
            "whitespace before a chunk extension", "RFC 9112 §7.1.1", chunked("5 ;a\r\nhello\r\n0\r\n\r\n"),
            .body("hello")),
        .served(
            "a trailer field, which is not merged into the headers", "RFC 9112 §7.1.2",
            chunked("5\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n"), .body("hello"), .field("X-Trailer", "absent")),
        .served("two trailer fields", "RFC 9112 §7.1.2", chunked("1\r\na\r\n0\r\nA: 1\r\nB: 2\r\n\r\n"), .body("a")),
        .refused("a trailer field name that is not a token", "RFC 9112 §7.1.2", chunked("0\r\nX@Y: 1\r\n\r\n")),
        .refused("a trailer line without a colon", "RFC 9112 §7.1.2", chunked("0\r\nX-A\r\n\r\n")),
        .refused("a trailer with obs-fold", "RFC 9112 §7.1.2", chunked("0\r\nA: b\r\n c\r\n\r\n")),
        .refused("a NUL in a trailer value", "RFC 9112 §7.1.2", chunked("0\r\nA: b\u{0}\r\n\r\n")),
        .refused("a chunk size that overflows 64 bits", "RFC 9112 §7.1", chunked("10000000000000001\r\n")),
        .refused("a chunk size of 16 hex digits", "RFC 9112 §7.1", chunked("ffffffffffffffff\r\n")),
        .refused("a negative chunk size", "RFC 9112 §7.1", chunked("-5\r\nhello\r\n0\r\n\r\n")),
        .refused("a chunk size with a 0x prefix", "RFC 9112 §7.1", chunked("0x5\r\nhello\r\n0\r\n\r\n")),
        .refused("a chunk size followed by junk", "RFC 9112 §7.1", chunked("5g\r\nhello\r\n0\r\n\r\n")),
        .refused("an empty chunk size line", "RFC 9112 §7.1", chunked("\r\nhello\r\n0\r\n\r\n")),
        .refused("whitespace before a chunk size", "RFC 9112 §7.1", chunked(" 5\r\nhello\r\n0\r\n\r\n")),
        .refused("a chunk size line ending in a bare LF", "RFC 9112 §7.1", chunked("5\nhello\r\n0\r\n\r\n")),
        .refused("chunk data longer than its size", "RFC 9112 §7.1", chunked("3\r\nabcd\r\n0\r\n\r\n")),
        .refused("chunk data followed by a bare LF", "RFC 9112 §7.1", chunked("3\r\nabc\n0\r\n\r\n")),
        .refused("a control byte in a chunk extension", "RFC 9112 §7.1.1", chunked("3;a\u{1}\r\nabc\r\n0\r\n\r\n")),
        .refused("the last chunk without the final CRLF, timing out", "RFC 9112 §7.1", chunked("0\r\n"), status: 408),
        .refused(
            "Content-Length content that never ends, timing out", "RFC 9112 §6.2",
            post("Content-Length: 10\r\n", "abc"), status: 408),
        ConformanceCase(
            name: "bytes after the Content-Length content are the next request", section: "RFC 9112 §6.3",
            request: Array((post("Content-Length: 3\r\n", "abc") + "GET /echo?n=2 HTTP/1.1\r\n\(host)\r\n").utf8),
            responses: [
                ExpectedResponse(status: 200, checks: [.body("abc")]),
                ExpectedResponse(status: 200, checks: [.field("X-Query", "n=2")]),
            ],
            fate: .kept
        ),
        ConformanceCase(
            name: "bytes after the last chunk are the next request", section: "RFC 9112 §7.1",
            request: Array((chunked("3\r\nabc\r\n0\r\n\r\n") + "GET /echo?n=2 HTTP/1.1\r\n\(host)\r\n").utf8),
            responses: [
                ExpectedResponse(status: 200, checks: [.body("abc")]),
                ExpectedResponse(status: 200, checks: [.field("X-Query", "n=2")]),
            ],
            fate: .kept
        ),
    ]

    static let limits: [ConformanceCase] = [
        .served(
            "a request line of exactly 8 KiB", "RFC 9112 §3",
            "GET /\(String(repeating: "a", count: 8178)) HTTP/1.1\r\n\(host)\r\n"),
        .refused("a request line over 8 KiB", "RFC 9112 §3", "GET /\(long) HTTP/1.1\r\n\(host)\r\n", status: 414),
        .refused("a request line over 8 KiB not yet ended", "RFC 9112 §3", "GET /\(long)", status: 414),
        .refused(
            "empty lines before the request line past 8 KiB", "RFC 9112 §2.2",
            String(repeating: "\r\n", count: 4200), status: 414),
        .served(
            "a field line of exactly 8 KiB", "RFC 9112 §5",
            "GET /echo HTTP/1.1\r\n\(host)X-A: \(String(repeating: "b", count: 8187))\r\n\r\n"),
        .refused(
            "a field line over 8 KiB", "RFC 9112 §5", "GET /echo HTTP/1.1\r\n\(host)X-A: \(long)\r\n\r\n", status: 431),
        .refused(
            "a field line over 8 KiB not yet ended", "RFC 9112 §5", "GET /echo HTTP/1.1\r\n\(host)X-A: \(long)",
            status: 431),
        .refused(
            "a header section over 16 KiB", "RFC 9112 §5",
            "GET /echo HTTP/1.1\r\n\(host)"
                + (0..<20).map { "X-\($0): \(String(repeating: "b", count: 1000))\r\n" }.joined()
                + "\r\n", status: 431),
        .served(
            "100 header fields", "RFC 9112 §5",
            "GET /echo HTTP/1.1\r\n\(host)" + (1..<100).map { "X-\($0): 1\r\n" }.joined() + "\r\n"),
        .refused(
            "101 header fields", "RFC 9112 §5",
            "GET /echo HTTP/1.1\r\n\(host)" + (0..<100).map { "X-\($0): 1\r\n" }.joined() + "\r\n", status: 431),
        .served(
            "a Content-Length body of exactly 1 MiB", "RFC 9110 §15.5.14",
            post("Content-Length: \(mebibyte)\r\n", String(repeating: "c", count: mebibyte)), .bodyLength(mebibyte)),
        .refused(
            "a Content-Length over 1 MiB, refused before the content", "RFC 9110 §15.5.14",
            post("Content-Length: \(mebibyte + 1)\r\n"), status: 413),
        .refused(
            "a Content-Length too large for any integer", "RFC 9110 §15.5.14",
            post("Content-Length: 99999999999999999999999\r\n"), status: 413),
        .served(
            "chunks adding up to exactly 1 MiB", "RFC 9112 §7.1",
            chunked(
                "80000\r\n\(String(repeating: "c", count: 0x80000))\r\n80000\r\n\(String(repeating: "c", count: 0x80000))\r\n0\r\n\r\n"
            ),
            .bodyLength(mebibyte)),
        .refused(
            "chunks adding up to over 1 MiB, refused as the chunk is announced", "RFC 9112 §7.1",
            chunked("80000\r\n\(String(repeating: "c", count: 0x80000))\r\n80001\r\n"), status: 413),
        .refused("a chunk size of 15 hex digits", "RFC 9112 §7.1", chunked("fffffffffffffff\r\n"), status: 413),
    ]

    static let deadlines: [ConformanceCase] = [
        .refused(
            "a head not finished within the header timeout", "RFC 9110 §15.5.9",
            "GET /echo HTTP/1.1\r\n\(host)", status: 408),
        .refused("a request line not finished within the header timeout", "RFC 9110 §15.5.9", "GET /ec", status: 408),
        .refused(
            "a body that stalls past the body idle timeout, echoing the request ID", "RFC 9110 §15.5.9",
            post("Content-Length: 10\r\nX-Request-Id: slow-1\r\n", "abc"), status: 408, .field("X-Request-Id", "slow-1")
        ),
        .refused("chunks that stall past the body idle timeout", "RFC 9110 §15.5.9", chunked("5\r\nhel"), status: 408),
    ]

    @Test("Framing by Content-Length and chunked coding", arguments: framing)
    func framing(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("Each limit is answered with its status", arguments: limits)
    func limits(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("A request that does not arrive in time gets 408 and the connection closes", arguments: deadlines)
    func deadlines(_ example: ConformanceCase) throws {
        try example.run()
    }
}
