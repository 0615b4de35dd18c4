import Testing

/// SERVER.md's "HTTP/1.1 behaviour", one named case per requirement, each citing the RFC
/// section it comes from, run over raw TCP against a port-0 server. This file holds the
/// request-smuggling forms and the syntax of lines and fields; the extensions hold framing and
/// limits, connections, and targets and response fields.
@Suite("HTTP conformance")
struct ConformanceTests {
    /// The Host line most cases send.
    static let host = "Host: t\r\n"

    /// A POST to the echo with `fields` and `content` after the head.
    static func post(_ fields: String, _ content: String = "") -> String {
        "POST /echo HTTP/1.1\r\n\(host)\(fields)\r\n\(content)"
    }

    /// A chunked POST to the echo whose content is `chunks` exactly as given, the coding
    /// named as `coding`.
    static func chunked(_ chunks: String, coding: String = "chunked") -> String {
        post("Transfer-Encoding: \(coding)\r\n", chunks)
    }

    static let smuggling: [ConformanceCase] = [
        .refused(
            "Content-Length then Transfer-Encoding", "RFC 9112 §6.1",
            post("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")),
        .refused(
            "Transfer-Encoding then Content-Length", "RFC 9112 §6.1",
            post("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "0\r\n\r\n")),
        .refused(
            "Content-Length: 0 with Transfer-Encoding", "RFC 9112 §6.1",
            post("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")),
        .refused(
            "repeated Content-Length with differing values", "RFC 9110 §8.6",
            post("Content-Length: 3\r\nContent-Length: 4\r\n", "abcd")),
        .refused(
            "a Content-Length list with differing values", "RFC 9110 §8.6", post("Content-Length: 3, 4\r\n", "abcd")),
        .refused(
            "a Content-Length list with an empty element", "RFC 9110 §8.6", post("Content-Length: 3,,3\r\n", "abc")),
        .refused("a negative Content-Length", "RFC 9110 §8.6", post("Content-Length: -1\r\n")),
        .refused("a Content-Length with a plus sign", "RFC 9110 §8.6", post("Content-Length: +3\r\n", "abc")),
        .refused("a hexadecimal Content-Length", "RFC 9110 §8.6", post("Content-Length: 0x3\r\n", "abc")),
        .refused("an empty Content-Length", "RFC 9110 §8.6", post("Content-Length: \r\n")),
        .refused("a Content-Length with a space inside", "RFC 9110 §8.6", post("Content-Length: 1 2\r\n", "abc")),
        .served(
            "a Content-Length list of one repeated value is one length", "RFC 9110 §8.6",
            post("Content-Length: 3, 3\r\n", "abc"), .body("abc")),
        .served(
            "repeated identical Content-Length fields are one length", "RFC 9110 §8.6",
            post("Content-Length: 3\r\nContent-Length: 3\r\n", "abc"), .body("abc")),
        .refused("chunked that is not the final coding", "RFC 9112 §6.3", post("Transfer-Encoding: chunked, gzip\r\n")),
        .refused("a coding other than chunked alone", "RFC 9112 §6.3", post("Transfer-Encoding: gzip\r\n", "abc")),
        .refused("the identity coding", "RFC 9112 §6.3", post("Transfer-Encoding: identity\r\n", "abc")),
        .refused(
            "an unimplemented coding before chunked", "RFC 9112 §6.1",
            post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"), status: 501),
        .refused(
            "chunked, chunked in one field", "RFC 9112 §7", post("Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n")
        ),
        .refused(
            "chunked in two Transfer-Encoding fields", "RFC 9112 §7",
            post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")),
        .refused(
            "Transfer-Encoding in HTTP/1.0", "RFC 9112 §6.1",
            "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        .refused(
            "a coding name that only contains chunked", "RFC 9112 §6.3",
            post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n")),
        .refused("chunked with a parameter", "RFC 9112 §7", post("Transfer-Encoding: chunked;q=1\r\n", "0\r\n\r\n")),
        .refused("an empty Transfer-Encoding", "RFC 9112 §6.3", post("Transfer-Encoding: \r\n", "0\r\n\r\n")),
        .refused(
            "Transfer-Encoding continued by obs-fold", "RFC 9112 §5.2",
            post("Transfer-Encoding:\r\n chunked\r\n", "0\r\n\r\n")),
        .refused(
            "whitespace before the colon of Transfer-Encoding", "RFC 9112 §5.1",
            post("Transfer-Encoding : chunked\r\n", "0\r\n\r\n")),
        .served(
            "chunked in upper case", "RFC 9112 §7", chunked("3\r\nabc\r\n0\r\n\r\n", coding: "CHUNKED"),
            .body("abc")),
        .served(
            "chunked in mixed case", "RFC 9112 §7", chunked("3\r\nabc\r\n0\r\n\r\n", coding: "cHuNkEd"),
            .body("abc")),
        .served(
            "chunked without a space after the colon", "RFC 9112 §5.1",
            post("Transfer-Encoding:chunked\r\n", "3\r\nabc\r\n0\r\n\r\n"), .body("abc")),
        .served(
            "chunked with a tab and trailing spaces", "RFC 9112 §5.1",
            post("Transfer-Encoding:\tchunked  \r\n", "3\r\nabc\r\n0\r\n\r\n"), .body("abc")),
        .served(
            "chunked after an empty list element", "RFC 9110 §5.6.1",
            post("Transfer-Encoding: , chunked\r\n", "3\r\nabc\r\n0\r\n\r\n"), .body("abc")),
        ConformanceCase(
            name: "a look-alike Transfer_Encoding field frames nothing, so its chunks are the next request",
            section: "RFC 9112 §6.3", request: Array(post("Transfer_Encoding: chunked\r\n", "0\r\n\r\n").utf8),
            responses: [ExpectedResponse(status: 200, checks: [.body("")]), ExpectedResponse(status: 400)],
            fate: .closed
        ),
    ]

    static let syntax: [ConformanceCase] = [
        .refused("obs-fold", "RFC 9112 §5.2", "GET /echo HTTP/1.1\r\n\(host)X-A: b\r\n c\r\n\r\n"),
        .refused("obs-fold with a tab", "RFC 9112 §5.2", "GET /echo HTTP/1.1\r\n\(host)X-A: b\r\n\tc\r\n\r\n"),
        .refused("whitespace before the first field line", "RFC 9112 §2.2", "GET /echo HTTP/1.1\r\n \(host)\r\n"),
        .refused("a space before the colon", "RFC 9112 §5.1", "GET /echo HTTP/1.1\r\n\(host)X-A : 1\r\n\r\n"),
        .refused("a tab before the colon", "RFC 9112 §5.1", "GET /echo HTTP/1.1\r\n\(host)X-A\t: 1\r\n\r\n"),
        .refused("a bare CR in a field value", "RFC 9112 §2.2", "GET /echo HTTP/1.1\r\n\(host)X-A: b\rc\r\n\r\n"),
        .refused("a bare CR in the request line", "RFC 9112 §2.2", "GET /echo\r HTTP/1.1\r\n\(host)\r\n"),
        .refused("a CR doubled before LF", "RFC 9112 §2.2", "GET /echo HTTP/1.1\r\n\(host)X-A: b\r\r\n\r\n"),
        .refused("a bare LF ending the request line", "RFC 9112 §2.2", "GET /echo HTTP/1.1\n\(host)\r\n"),
        .refused("a bare LF ending a field line", "RFC 9112 §2.2", "GET /echo HTTP/1.1\r\nHost: t\n\r\n"),
        .refused("a bare LF ending the header section", "RFC 9112 §2.2", "GET /echo HTTP/1.1\r\n\(host)\n"),
        .refused("a bare LF before the request line", "RFC 9112 §2.2", "\nGET /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a NUL in the method", "RFC 9112 §3", "G\u{0}T /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a NUL in the target", "RFC 9112 §3.2", "GET /a\u{0}b HTTP/1.1\r\n\(host)\r\n"),
        .refused("a NUL in the version", "RFC 9112 §2.3", "GET /echo HTTP/1.\u{0}\r\n\(host)\r\n"),
        .refused("a NUL in a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X\u{0}A: 1\r\n\r\n"),
        .refused("a NUL in a field value", "RFC 9110 §5.5", "GET /echo HTTP/1.1\r\n\(host)X-A: b\u{0}c\r\n\r\n"),
        .refused(
            "a control byte in a field value", "RFC 9110 §5.5", "GET /echo HTTP/1.1\r\n\(host)X-A: b\u{1}c\r\n\r\n"),
        .refused(
            "a unit separator in a field value", "RFC 9110 §5.5", "GET /echo HTTP/1.1\r\n\(host)X-A: b\u{1F}c\r\n\r\n"),
        .refused("a DEL in a field value", "RFC 9110 §5.5", "GET /echo HTTP/1.1\r\n\(host)X-A: b\u{7F}c\r\n\r\n"),
        .refused("an escape byte in the target", "RFC 9112 §3.2", "GET /a\u{1B}b HTTP/1.1\r\n\(host)\r\n"),
        .refused("a control byte in the method", "RFC 9112 §3", "GE\u{1F}T /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a tab between method and target", "RFC 9112 §3", "GET\t/echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("two spaces between method and target", "RFC 9112 §3", "GET  /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("an empty method", "RFC 9112 §3", " /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a parenthesis in the method", "RFC 9110 §9.1", "GE(T /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("an at sign in the method", "RFC 9110 §9.1", "G@T /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a colon in the method", "RFC 9110 §9.1", "GET: /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a quote in the method", "RFC 9110 §9.1", "G\"T /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("a brace in the method", "RFC 9110 §9.1", "G{T /echo HTTP/1.1\r\n\(host)\r\n"),
        .refused("an at sign in a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X@Y: 1\r\n\r\n"),
        .refused("parentheses in a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X(Y): 1\r\n\r\n"),
        .refused("a slash in a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X/Y: 1\r\n\r\n"),
        .refused("a space inside a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X Y: 1\r\n\r\n"),
        .refused("an equals sign in a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X=Y: 1\r\n\r\n"),
        .refused("brackets in a field name", "RFC 9110 §5.1", "GET /echo HTTP/1.1\r\n\(host)X[Y]: 1\r\n\r\n"),
        .refused("an empty field name", "RFC 9112 §5", "GET /echo HTTP/1.1\r\n\(host): 1\r\n\r\n"),
        .refused("a field line without a colon", "RFC 9112 §5", "GET /echo HTTP/1.1\r\n\(host)X-A\r\n\r\n"),
        .refused(
            "a non-ASCII byte in a field name", "RFC 9110 §5.1",
            Array("GET /echo HTTP/1.1\r\n\(host)X".utf8) + [0xE9] + Array(": 1\r\n\r\n".utf8)),
        ConformanceCase(
            name: "obs-text in a field value is accepted", section: "RFC 9110 §5.5",
            request: Array("GET /echo HTTP/1.1\r\n\(host)X-A: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8),
            responses: [ExpectedResponse(status: 200)], fate: .kept
        ),
        .served(
            "a tab inside a field value is accepted", "RFC 9110 §5.5", "GET /echo HTTP/1.1\r\n\(host)X-A: b\tc\r\n\r\n"),
        .served(
            "empty lines before the request line are ignored", "RFC 9112 §2.2",
            "\r\n\r\nGET /echo HTTP/1.1\r\n\(host)\r\n", .field("X-Path", "/echo")),
    ]

    @Test("Request-smuggling forms are refused; legitimate framing variants are served", arguments: smuggling)
    func smuggling(_ example: ConformanceCase) throws {
        try example.run()
    }

    @Test("Line and field syntax: bare CR and LF, controls, tokens, obs-fold", arguments: syntax)
    func syntax(_ example: ConformanceCase) throws {
        try example.run()
    }
}
