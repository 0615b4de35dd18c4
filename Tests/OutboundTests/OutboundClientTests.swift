import Foundation
import Glibc
import Outbound
import Testing
import TestClient

/// The client against a real receiver on this machine: what it sends, and the address policy
/// applied to the address a name resolves to, not only to the URL as written.
@Suite struct OutboundClientTests {
    /// A name other than `localhost` that this machine resolves to a loopback address (its own
    /// host name, on most systems), if it has one.
    static let loopbackName: String? = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let own = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return ([own, "ip6-localhost", "ip6-loopback"]).first { name in
            guard !name.isEmpty, !name.contains("localhost") || name.hasPrefix("ip6-"),
                let url = try? OutboundURL(parsing: "http://\(name)/"), url.refusedLiteral == nil
            else { return false }
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(name, "80", &hints, &list) == 0, let first = list else { return false }
            defer { freeaddrinfo(list) }
            let family = first.pointee.ai_family
            if family == AF_INET {
                let address = first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    UInt32(bigEndian: $0.pointee.sin_addr.s_addr)
                }
                return address >> 24 == 127
            }
            return false
        }
    }()

    @Test func aPostCarriesTheFieldsAndBodyAndReadsTheStatus() throws {
        let receiver = try WebhookReceiver { _, _ in .status(202) }
        let client = OutboundClient(timeout: .seconds(2), allowPrivate: true)
        let response = try client.post(
            try OutboundURL(parsing: receiver.url("/in?a=1")), fields: [("X-Test", "yes")], body: Array("{}".utf8))
        #expect(response.status == 202)
        #expect(response.address == "127.0.0.1:\(receiver.port)")
        let request = try #require(receiver.requests.first)
        #expect(request.method == "POST" && request.target == "/in?a=1")
        #expect(request.header("X-Test") == "yes" && request.header("Connection") == "close")
        #expect(request.text == "{}")
    }

    @Test func aLoopbackURLIsRefusedBeforeAnyConnection() throws {
        let receiver = try WebhookReceiver()
        let client = OutboundClient(timeout: .seconds(2))
        let error = #expect(throws: OutboundError.self) {
            try client.post(try OutboundURL(parsing: receiver.url()), fields: [], body: [])
        }
        #expect(error?.kind == .refusedAddress)
        #expect(receiver.requests.isEmpty)
    }

    @Test(.enabled(if: loopbackName != nil)) func aNameResolvingToLoopbackIsRefusedAtDeliveryTime() throws {
        let receiver = try WebhookReceiver()
        let name = try #require(Self.loopbackName)
        let url = try OutboundURL(parsing: "http://\(name):\(receiver.port)/")
        #expect(url.refusedLiteral == nil)
        let error = #expect(throws: OutboundError.self) {
            try OutboundClient(timeout: .seconds(2)).post(url, fields: [], body: [])
        }
        #expect(error?.kind == .refusedAddress)
        #expect(error?.description.contains("loopback") == true)
        #expect(receiver.requests.isEmpty)
        // Allowed, the same name reaches the receiver.
        #expect(
            try OutboundClient(timeout: .seconds(2), allowPrivate: true).post(url, fields: [], body: []).status == 200)
    }
}
