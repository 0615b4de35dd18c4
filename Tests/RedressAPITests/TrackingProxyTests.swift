import HTTP
import Testing
import TestClient
@testable import RedressAPI

/// Behind a load balancer every request comes from the balancer's address: when it is trusted
/// (`REDRESS_TRUSTED_PROXIES`), wrong tracking codes are counted per client address it records,
/// so one guesser does not lock out every customer; when it is not, what it records is ignored,
/// so a guesser cannot escape the limit by writing addresses of its own.
@Suite struct TrackingProxyTests {
    private func track(
        _ service: TestService, _ complaint: TrackedComplaint, code: String,
        headers: [(String, String)]
    ) throws -> TestClient.Response {
        try service.request("GET", "/v1/track/\(complaint.number)", headers: [("X-Tracking-Code", code)] + headers)
    }

    @Test func behindATrustedBalancerFailuresCountPerForwardedClient() throws {
        let service = try TestService { $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.0/8, 10.0.0.0/8") }
        let complaint = try service.registerTracked()
        let guesser = [("X-Forwarded-For", "198.51.100.7, 10.0.0.3")]
        for attempt in 1...10 {
            #expect(try track(service, complaint, code: "WRONG\(attempt)", headers: guesser).status == 404)
        }
        #expect(try track(service, complaint, code: complaint.code, headers: guesser).status == 429)
        // The customer, elsewhere behind the same balancer, as X-Forwarded-For or as Forwarded says.
        #expect(
            try track(service, complaint, code: complaint.code, headers: [("X-Forwarded-For", "203.0.113.9")]).status
                == 200)
        #expect(
            try track(
                service, complaint, code: complaint.code,
                headers: [("Forwarded", #"for="[2001:db8::17]:4711";proto=https"#)]
            ).status == 200)
        // What a client writes before the balancer's own entry does not make it someone else.
        #expect(
            try track(
                service, complaint, code: complaint.code,
                headers: [("X-Forwarded-For", "203.0.113.50, 198.51.100.7")]
            ).status == 429)
    }

    @Test func withoutATrustedBalancerForwardedAddressesAreIgnored() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        for attempt in 1...10 {
            #expect(
                try track(
                    service, complaint, code: "WRONG\(attempt)",
                    headers: [("X-Forwarded-For", "198.51.100.\(attempt)")]
                ).status == 404)
        }
        #expect(
            try track(service, complaint, code: complaint.code, headers: [("X-Forwarded-For", "203.0.113.9")]).status
                == 429)
    }

    @Test func clientAddressesAreReadRightToLeftPastTrustedProxies() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, ::1")
        func client(peer: String, _ headers: [(String, String)]) -> String {
            proxies.clientAddress(
                of: HTTPRequest(
                    method: .get, target: "/", path: "/", pathSegments: [],
                    headers: HTTPHeaders(headers), remoteAddress: peer))
        }
        #expect(client(peer: "192.0.2.1", [("X-Forwarded-For", "203.0.113.1")]) == "192.0.2.1")
        #expect(client(peer: "10.0.0.1", [("X-Forwarded-For", "203.0.113.1, 10.0.0.2")]) == "203.0.113.1")
        #expect(
            client(peer: "10.0.0.1", [("X-Forwarded-For", "203.0.113.1"), ("X-Forwarded-For", "198.51.100.2")])
                == "198.51.100.2")
        #expect(
            client(
                peer: "10.0.0.1",
                [
                    ("Forwarded", "for=192.0.2.60;proto=http, for=\"198.51.100.17:8080\""),
                    ("X-Forwarded-For", "203.0.113.1"),
                ]) == "198.51.100.17")
        #expect(client(peer: "::1", [("Forwarded", "For=\"[2001:db8:cafe::17]:4711\"")]) == "2001:db8:cafe::17")
        #expect(client(peer: "10.0.0.1", [("X-Forwarded-For", "10.0.0.9")]) == "10.0.0.9")
        #expect(client(peer: "10.0.0.1", []) == "10.0.0.1")
    }

    @Test func anAgentReissuesALostCodeAndTheOldOneStopsWorking() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        let intake = try service.key(.intake)
        #expect(try service.request("POST", "/v1/complaints/\(complaint.id)/tracking-code", key: intake).status == 403)
        let agent = try service.key(.agent, name: "desk")
        let reissued = try service.request("POST", "/v1/complaints/\(complaint.number)/tracking-code", key: agent)
        #expect(reissued.status == 200)
        #expect(reissued.header("Cache-Control") == "no-store")
        let code = try #require(try reissued.json()["tracking_code"]?.string)
        #expect(code != complaint.code && code.count == 12)
        #expect(try service.track(complaint.number, code: complaint.code).status == 404)
        #expect(try service.track(complaint.number, code: code).status == 200)
        let event = try #require(try service.timeline(complaint.id).last)
        #expect(event["type"]?.string == "complaint.tracking_code_reissued")
        #expect(event["actor"]?.string == "desk")
        #expect(
            !(try service.request("GET", "/v1/complaints/\(complaint.id)/timeline", key: service.adminKey).text
                .contains(code)))
        #expect(try service.request("POST", "/v1/complaints/999/tracking-code", key: agent).status == 404)
    }
}
