import Outbound
import Testing

@Suite struct ResponseHeadTests {
    private func head(_ text: String) -> ResponseHead? {
        ResponseHead(Array(text.utf8)[...])
    }

    @Test func readsAStatusLineAndFields() throws {
        let parsed = try #require(head("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nX-Thing:  a b \r\nEmpty:"))
        #expect(parsed.status == 201)
        #expect(parsed.reason == "Created")
        #expect(parsed.field("content-length") == "0")
        #expect(parsed.field("X-Thing") == "a b")
        #expect(parsed.field("Empty") == "")
        #expect(head("HTTP/1.0 200 \r\nA: b")?.reason == "")
    }

    @Test(arguments: [
        "HTTP/1.1 200", "HTTP/1.1 200OK", "HTTP/2 200 OK", "HTTP/1.2 200 OK", "http/1.1 200 OK", "HTTP/1.1 20 OK",
        "HTTP/1.1 2000 OK", "HTTP/1.1 099 Low", "HTTP/1.1 600 High", "HTTP/1.1  200 OK", "ICY 200 OK",
        "HTTP/1.1 200 OK\nA: b", "HTTP/1.1 200 OK\r\n A: folded", "HTTP/1.1 200 OK\r\nNo colon",
        "HTTP/1.1 200 OK\r\nBad Name: x", "HTTP/1.1 200 OK\r\n: empty", "HTTP/1.1 200 O\u{1}K", "HTTP/1.1 200 OK\rX",
        "garbage",
    ])
    func refusesAnythingAServerMustNotSend(_ text: String) {
        #expect(head(text) == nil)
    }
}
