import Testing
@testable import HTTP

/// A request the server must refuse, and the status it must refuse it with.
struct HostileRequest: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var status: Int

    init(_ name: String, _ raw: String, _ status: Int) {
        self.init(name, Array(raw.utf8), status)
    }

    init(_ name: String, _ bytes: [UInt8], _ status: Int) {
        self.name = name
        self.bytes = bytes
        self.status = status
    }

    var testDescription: String { name }
}

@Suite("Hostile requests")
struct HostileRequestTests {
    static let host = "Host: a\r\n"
    static let long = String(repeating: "a", count: 9000)

    static let smuggling: [HostileRequest] = [
        .init(
            "Content-Length with Transfer-Encoding",
            "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        .init(
            "Transfer-Encoding with Content-Length",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400),
        .init(
            "differing repeated Content-Length",
            "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        .init(
            "differing Content-Length in one list", "POST / HTTP/1.1\r\n\(host)Content-Length: 3, 4\r\n\r\nabcd", 400),
        .init("a Content-Length that is not a number", "POST / HTTP/1.1\r\n\(host)Content-Length: 3a\r\n\r\nabc", 400),
        .init("a negative Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", 400),
        .init("an empty Content-Length list element", "POST / HTTP/1.1\r\n\(host)Content-Length: 3,,3\r\n\r\nabc", 400),
        .init(
            "chunked not the final coding",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n", 400),
        .init(
            "a coding other than chunked alone", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: identity\r\n\r\n", 400),
        .init(
            "chunked applied twice",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        .init("an empty Transfer-Encoding", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: \r\n\r\n", 400),
        .init(
            "an unimplemented coding before chunked",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
        .init("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        .init(
            "a chunk size that is not hexadecimal",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        .init(
            "a chunk size with leading whitespace",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n", 400),
        .init(
            "a chunk size that overflows",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n10000000000000001\r\n", 400),
        .init(
            "chunk data without its CRLF",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
        .init(
            "a chunk size line ending in a bare LF",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400),
        .init(
            "a control byte in a chunk extension",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3;a\u{1}\r\nabc\r\n0\r\n\r\n", 400),
        .init(
            "a trailer with obs-fold",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n c\r\n\r\n", 400),
        .init("obs-fold", "GET / HTTP/1.1\r\n\(host)X-A: b\r\n c\r\n\r\n", 400),
        .init("whitespace before the first field", "GET / HTTP/1.1\r\n \(host)\r\n", 400),
        .init("whitespace before the colon", "GET / HTTP/1.1\r\n\(host)Content-Length : 0\r\n\r\n", 400),
        .init("a tab before the colon", "GET / HTTP/1.1\r\n\(host)X-A\t: 0\r\n\r\n", 400),
        .init("a bare CR in a field", "GET / HTTP/1.1\r\n\(host)X-A: b\rc\r\n\r\n", 400),
        .init("a bare CR in the request line", "GET /\r HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a bare LF ending a line", "GET / HTTP/1.1\n\(host)\r\n", 400),
        .init("a NUL in a field value", "GET / HTTP/1.1\r\n\(host)X-A: b\u{0}c\r\n\r\n", 400),
        .init("a DEL in a field value", "GET / HTTP/1.1\r\n\(host)X-A: b\u{7F}c\r\n\r\n", 400),
        .init("a control byte in the target", "GET /a\u{1}b HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a NUL in the method", "G\u{0}T / HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a method that is not a token", "GE(T / HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a field name that is not a token", "GET / HTTP/1.1\r\n\(host)X@Y: 1\r\n\r\n", 400),
        .init("a field line without a colon", "GET / HTTP/1.1\r\n\(host)X-A\r\n\r\n", 400),
        .init("a missing Host on HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        .init("a repeated Host", "GET / HTTP/1.1\r\n\(host)\(host)\r\n", 400),
        .init("a repeated Host on HTTP/1.0", "GET / HTTP/1.0\r\n\(host)\(host)\r\n", 400),
        .init("a Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        .init("a Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
        .init("a Host with user info", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400),
        .init("a Host with a port that is not a number", "GET / HTTP/1.1\r\nHost: a:8o\r\n\r\n", 400),
        .init("a Host with an unclosed IP literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
        .init("an invalid Host on HTTP/1.0", "GET / HTTP/1.0\r\nHost: a?b\r\n\r\n", 400),
    ]

    static let malformed: [HostileRequest] = [
        .init("the asterisk-form with GET", "GET * HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a target that is not origin-form", "GET foo HTTP/1.1\r\n\(host)\r\n", 400),
        .init("the authority-form", "CONNECT a.example:443 HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a fragment in the target", "GET /a#b HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a non-ASCII byte in the target", "GET /caf\u{E9} HTTP/1.1\r\n\(host)\r\n", 400),
        .init("two spaces after the method", "GET  / HTTP/1.1\r\n\(host)\r\n", 400),
        .init("no version", "GET /\r\n\(host)\r\n", 400),
        .init("HTTP/2.0", "GET / HTTP/2.0\r\n\(host)\r\n", 505),
        .init("HTTP/1.2", "GET / HTTP/1.2\r\n\(host)\r\n", 505),
        .init("HTTP/0.9", "GET / HTTP/0.9\r\n\(host)\r\n", 505),
        .init("a version with trailing garbage", "GET / HTTP/1.1x\r\n\(host)\r\n", 400),
        .init("a lowercase version", "GET / http/1.1\r\n\(host)\r\n", 400),
        .init("a version with two-digit parts", "GET / HTTP/11.1\r\n\(host)\r\n", 400),
        .init("a percent sign without hex digits", "GET /a%zz HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a truncated percent-encoding", "GET /a%4 HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a percent-encoding that is not UTF-8", "GET /%C3%28 HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a lone UTF-8 lead byte in the query", "GET /?a=%E2%82 HTTP/1.1\r\n\(host)\r\n", 400),
        .init("a bad percent-encoding in a query name", "GET /?%G1=1 HTTP/1.1\r\n\(host)\r\n", 400),
        .init(
            "an expectation other than 100-continue",
            "POST / HTTP/1.1\r\n\(host)Expect: fly\r\nContent-Length: 1\r\n\r\nx", 417),
        .init(
            "100-continue listed with an unknown expectation",
            "POST / HTTP/1.1\r\n\(host)Expect: 100-continue, fly\r\nContent-Length: 1\r\n\r\nx", 417),
        .init(
            "an unknown expectation on a request without content", "GET / HTTP/1.1\r\n\(host)Expect: fly\r\n\r\n", 417),
    ]

    static let oversized: [HostileRequest] = [
        .init("a request line over 8 KiB", "GET /\(long) HTTP/1.1\r\n\(host)\r\n", 414),
        .init("a request line over 8 KiB that has not ended", "GET /\(long)", 414),
        .init("a header line over 8 KiB", "GET / HTTP/1.1\r\n\(host)X-A: \(long)\r\n\r\n", 431),
        .init("a header line over 8 KiB that has not ended", "GET / HTTP/1.1\r\n\(host)X-A: \(long)", 431),
        .init(
            "a header section over 16 KiB",
            "GET / HTTP/1.1\r\n\(host)"
                + (0..<20).map { "X-\($0): \(String(repeating: "b", count: 1000))\r\n" }.joined() + "\r\n", 431),
        .init(
            "more than 100 header fields",
            "GET / HTTP/1.1\r\n\(host)" + (0..<100).map { "X-\($0): 1\r\n" }.joined() + "\r\n", 431),
        .init("a Content-Length over 1 MiB", "POST / HTTP/1.1\r\n\(host)Content-Length: 1048577\r\n\r\n", 413),
        .init(
            "a Content-Length too large for any integer",
            "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n", 413),
        .init(
            "chunks adding up to over 1 MiB",
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n80000\r\n"
                + String(repeating: "c", count: 0x80000) + "\r\n80001\r\n", 413),
    ]

    @Test("Request-smuggling forms are refused", arguments: smuggling)
    func smugglingIsRefused(_ example: HostileRequest) {
        expectRefusal(example)
    }

    @Test("Malformed request lines and targets are refused", arguments: malformed)
    func malformedIsRefused(_ example: HostileRequest) {
        expectRefusal(example)
    }

    @Test("Oversized parts are refused with their status", arguments: oversized)
    func oversizedIsRefused(_ example: HostileRequest) {
        expectRefusal(example)
    }

    @Test("Invalid UTF-8 in the request line is refused")
    func invalidUTF8IsRefused() {
        let bytes = Array("GET /".utf8) + [0xFF] + Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        expectRefusal(HostileRequest("raw 0xFF", bytes, 400))
    }

    private func expectRefusal(_ example: HostileRequest) {
        let outcome = ParserDriver.parse(example.bytes)
        #expect(outcome.error?.status.code == example.status, "\(example.name)")
        let trickled = ParserDriver.parse(example.bytes, step: 3)
        #expect(trickled.error?.status.code == example.status, "\(example.name), arriving in pieces")
    }
}
