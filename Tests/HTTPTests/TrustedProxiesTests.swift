import HTTP
import Testing

@Suite("Trusted proxies")
struct TrustedProxiesTests {
    static let list = "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::1, ::ffff:198.51.100.0/120"

    @Test(
        "Addresses inside a listed network or equal to a listed address are trusted",
        arguments: [
            "10.0.0.1", "10.255.255.255", "192.0.2.7", "2001:db8::1", "2001:db8:ffff::", "::1",
            "198.51.100.42", "::ffff:10.1.2.3", "::ffff:192.0.2.7", "2001:DB8::abcd",
        ])
    func trusted(address: String) throws {
        #expect(try TrustedProxies(parsing: Self.list).contains(address))
    }

    @Test(
        "Addresses outside every entry, and text that is no address, are not trusted",
        arguments: [
            "11.0.0.1", "9.255.255.255", "192.0.2.8", "2001:db9::1", "::2", "198.51.101.1", "::ffff:11.0.0.1",
            "10.0.0.1/8", "", "localhost", "10.0.0", "fe80::1%eth0",
        ])
    func untrusted(address: String) throws {
        #expect(try !TrustedProxies(parsing: Self.list).contains(address))
    }

    @Test("Host bits below the prefix are ignored, and /0 trusts every address of its family")
    func prefixes() throws {
        let everyIPv4 = try TrustedProxies(parsing: "0.0.0.0/0")
        #expect(everyIPv4.contains("203.0.113.9") && everyIPv4.contains("::ffff:203.0.113.9"))
        #expect(!everyIPv4.contains("2001:db8::1"))
        let sloppy = try TrustedProxies(parsing: "172.16.5.4/12")
        #expect(sloppy.contains("172.31.0.1") && !sloppy.contains("172.32.0.1"))
        let odd = try TrustedProxies(parsing: "2001:db8:8000::/33")
        #expect(odd.contains("2001:db8:ffff::1") && !odd.contains("2001:db8:7fff::1"))
    }

    @Test("An empty list, or one of blank entries, trusts nobody")
    func emptyList() throws {
        #expect(TrustedProxies().isEmpty)
        let blank = try TrustedProxies(parsing: " , ,")
        #expect(blank.isEmpty && !blank.contains("127.0.0.1"))
    }

    @Test(
        "An entry that is not an address or network is refused, named in the error",
        arguments: [
            ("10.0.0.0/33", "10.0.0.0/33"), ("2001:db8::/129", "2001:db8::/129"), ("10.0.0.0/", "10.0.0.0/"),
            ("10.0.0.0/+8", "10.0.0.0/+8"), ("10.0.0.0/-1", "10.0.0.0/-1"), ("example.com", "example.com"),
            ("10.0.0.1, 10.0.0.256", "10.0.0.256"), ("10.0.0.1 10.0.0.2", "10.0.0.1 10.0.0.2"),
            ("::ffff:10.0.0.0/95", "::ffff:10.0.0.0/95"), ("/8", "/8"),
        ])
    func malformed(list: String, entry: String) {
        let error = #expect(throws: TrustedProxies.ParseError.self) { try TrustedProxies(parsing: list) }
        #expect(error?.entry == entry)
    }
}
