import Outbound
import Testing

@Suite struct OutboundURLTests {
    @Test func readsSchemeHostPortAndTarget() throws {
        let url = try OutboundURL(parsing: "HTTP://Hooks.Example.COM:8080/in/redress?team=a")
        #expect(url.scheme == .http)
        #expect(url.host == "hooks.example.com")
        #expect(url.port == 8080)
        #expect(url.target == "/in/redress?team=a")
        #expect(url.hostField == "hooks.example.com:8080")
        let bare = try OutboundURL(parsing: "https://example.com")
        #expect(bare.port == 443)
        #expect(bare.target == "/")
        #expect(bare.hostField == "example.com")
        let query = try OutboundURL(parsing: "http://example.com?x=1")
        #expect(query.target == "/?x=1")
        let v6 = try OutboundURL(parsing: "http://[2001:db8::1]:81/x")
        #expect(v6.isIPv6 && v6.host == "2001:db8::1" && v6.hostField == "[2001:db8::1]:81")
    }

    @Test(arguments: [
        "ftp://example.com/", "file:///etc/passwd", "gopher://example.com", "javascript:alert(1)", "example.com/x",
        "http://user:secret@example.com/", "http://user@example.com/", "http://example.com/#frag",
        "http://exa mple.com/", "http://example.com/\r\nX: y", "http://例子.测试/", "http:///path", "http://:80/",
        "http://example.com:0/", "http://example.com:65536/", "http://example.com:8a/", "http://[::1/",
        "http://[zz::1]/", "http://-bad.example.com/", "http://a..b/", "http://under_score.example/",
    ])
    func refusesWhatCannotBeSentAsIs(_ text: String) {
        #expect(throws: OutboundURL.Invalid.self) { try OutboundURL(parsing: text) }
    }

    @Test func refusesAVeryLongURL() {
        #expect(throws: OutboundURL.Invalid.self) {
            try OutboundURL(parsing: "http://example.com/" + String(repeating: "a", count: 2048))
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1/", "loopback"), ("http://127.1/", "loopback"), ("http://2130706433/", "loopback"),
        ("http://0x7f.0.0.1/", "loopback"), ("http://localhost:8080/", "loopback"),
        ("http://api.localhost/", "loopback"),
        ("http://10.1.2.3/", "private"), ("http://172.16.0.1/", "private"), ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://100.64.0.1/", "shared (carrier-grade NAT)"),
        ("http://0.0.0.0/", "unspecified"), ("http://224.0.0.1/", "multicast"), ("http://[::1]/", "loopback"),
        ("http://[::]/", "unspecified"), ("http://[fd00::1]/", "private"), ("http://[fe80::1]/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://[::ffff:169.254.169.254]/", "link-local"),
        ("http://[64:ff9b::10.0.0.1]/", "private"), ("http://[ff02::1]/", "multicast"),
    ])
    func refusesLiteralAddressesOfThisMachineAndPrivateNetworks(_ text: String, _ reason: String) throws {
        #expect(try OutboundURL(parsing: text).refusedLiteral == reason)
    }

    @Test(arguments: [
        "http://8.8.8.8/", "http://example.com/", "http://172.32.0.1/", "http://100.128.0.1/",
        "http://[2001:4860::8888]/",
        "http://192.169.0.1/",
    ])
    func allowsPublicAddressesAndNames(_ text: String) throws {
        #expect(try OutboundURL(parsing: text).refusedLiteral == nil)
    }
}
