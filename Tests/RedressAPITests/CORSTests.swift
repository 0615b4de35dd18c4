import Testing
import TestClient
@testable import RedressAPI

/// Browser access: the allowed origin is echoed on every kind of answer, whether an event loop
/// or a worker made it, and nothing is granted to other origins.
@Suite struct CORSTests {
    static let app = "https://app.example"

    private func service() throws -> TestService {
        try TestService { $0.corsOrigins = [Self.app] }
    }

    @Test func anAllowedOriginIsEchoedOnLoopAndWorkerAnswersAlike() throws {
        let service = try service()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        // A complaint and /healthz are answered on an event loop; the list and a 404 on a worker.
        for target in ["/v1/complaints/\(id)", "/healthz", "/v1/complaints", "/v1/complaints/999"] {
            let response = try service.request("GET", target, key: service.adminKey, headers: [("Origin", Self.app)])
            #expect(response.header("Access-Control-Allow-Origin") == Self.app, "\(target)")
            #expect(response.header("Vary") == "Origin", "\(target)")
            #expect(response.header("Access-Control-Expose-Headers")?.contains("ETag") == true, "\(target)")
        }
    }

    @Test func anotherOriginOrNoneGetsNoGrant() throws {
        let service = try service()
        let id = try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).json()[
            "id"]!.int!
        for headers in [[("Origin", "https://evil.example")], []] {
            for target in ["/v1/complaints/\(id)", "/v1/complaints"] {
                let response = try service.request("GET", target, key: service.adminKey, headers: headers)
                #expect(response.status == 200)
                #expect(response.header("Access-Control-Allow-Origin") == nil, "\(target) \(headers)")
            }
        }
    }

    @Test func aPreflightIsAnsweredWithoutAKeyAndOnlyForAnAllowedOrigin() throws {
        let service = try service()
        let asked = [
            ("Access-Control-Request-Method", "PATCH"), ("Access-Control-Request-Headers", "authorization, if-match"),
        ]
        let allowed = try service.request("OPTIONS", "/v1/complaints/1", headers: [("Origin", Self.app)] + asked)
        #expect(allowed.status == 204)
        #expect(allowed.header("Access-Control-Allow-Origin") == Self.app)
        #expect(allowed.header("Access-Control-Allow-Methods")?.contains("PATCH") == true)
        #expect(allowed.header("Access-Control-Allow-Headers")?.contains("If-Match") == true)
        let refused = try service.request(
            "OPTIONS", "/v1/complaints/1", headers: [("Origin", "https://evil.example")] + asked)
        #expect(refused.header("Access-Control-Allow-Origin") == nil)
        #expect(refused.header("Access-Control-Allow-Methods") == nil)
    }
}
