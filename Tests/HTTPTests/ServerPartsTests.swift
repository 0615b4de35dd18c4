import Testing
@testable import HTTP

@Suite("Server parts")
struct ServerPartsTests {
    @Test("Dates are IMF-fixdate, as in RFC 9110's own example")
    func imfFixdate() {
        #expect(String(decoding: HTTPDate.format(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test("Generated request IDs are 16 lowercase hex digits and do not repeat")
    func generatedRequestIDs() {
        var generator = RequestIDGenerator()
        let ids = (0..<1000).map { _ in generator.next() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.utf8.count == 16 && RequestID.isValid($0.utf8) && $0.lowercased() == $0 })
    }

    @Test("The idle list yields the oldest idle connection and forgets removed ones")
    func idleListOrder() {
        var list = IdleList()
        #expect(list.oldest == nil)
        for fd: Int32 in [7, 3, 40, 5] { list.append(fd, from: nil) }
        list.append(3, from: nil)
        #expect(list.oldest == 7)
        list.remove(7)
        #expect(list.oldest == 3)
        list.remove(40)
        list.remove(3)
        #expect(list.oldest == 5)
        #expect(!list.contains(40))
        list.remove(5)
        #expect(list.oldest == nil)
    }

    @Test("The idle list also yields each address's oldest idle connection, and forgets an address with none")
    func idleListByAddress() {
        var list = IdleList()
        list.append(9, from: "10.0.0.1")
        list.append(4, from: "10.0.0.2")
        list.append(2, from: "10.0.0.1")
        list.append(6, from: nil)
        #expect(list.oldest == 9)
        #expect(list.oldest(from: "10.0.0.1") == 9)
        #expect(list.oldest(from: "10.0.0.2") == 4)
        list.remove(9)
        #expect(list.oldest == 4)
        #expect(list.oldest(from: "10.0.0.1") == 2)
        list.remove(2)
        #expect(list.oldest(from: "10.0.0.1") == nil)
        list.remove(6)
        list.append(2, from: "10.0.0.2")
        #expect(list.oldest(from: "10.0.0.2") == 4)
        list.remove(4)
        #expect(list.oldest(from: "10.0.0.2") == 2)
        #expect(list.oldest == 2)
    }

    @Test("The encoder writes the server's fields after the application's and drops its framing fields")
    func encoderOwnsFraming() {
        var encoder = ResponseEncoder()
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        headers.add("Content-Length", "999")
        headers.add("Transfer-Encoding", "gzip")
        headers.add("Connection", "upgrade")
        let bytes = encoder.encode(
            status: .ok, headers: headers, framing: .length(2), requestID: "abc",
            connection: .close, body: Array("hi".utf8))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nDate: "))
        #expect(text.hasSuffix(" GMT\r\nX-Request-Id: abc\r\nConnection: close\r\n\r\nhi"))
        #expect(!text.contains("999") && !text.contains("gzip") && !text.contains("upgrade"))
    }

    @Test(
        "Server-made errors are problem documents with the slug of their status",
        arguments: [
            (HTTPRequestError.badRequest("x"), 400, "bad-request"),
            (.uriTooLong, 414, "uri-too-long"),
            (.headerFieldsTooLarge("x"), 431, "header-fields-too-large"),
            (.contentTooLarge, 413, "content-too-large"),
            (.notImplemented("x"), 501, "not-implemented"),
            (.versionNotSupported, 505, "http-version-not-supported"),
            (.requestTimeout, 408, "request-timeout"),
        ])
    func problemDocuments(error: HTTPRequestError, status: Int, slug: String) {
        let response = error.problem.response
        #expect(response.status.code == status)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        guard case .bytes(let body) = response.body else { Issue.record("a problem has a body"); return }
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("\"type\":\"/problems/\(slug)\""))
        #expect(text.contains("\"status\":\(status)"))
    }
}
