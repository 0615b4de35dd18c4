import JSON
import TestClient
@testable import RedressAPI

/// A complaint as its complainant knows it: the number and the code shown once at intake.
struct TrackedComplaint {
    let id: Int64
    let number: String
    let code: String
}

extension TestService {
    /// Registers a complaint and keeps what the complainant is told.
    func registerTracked(json: String = complaintJSON()) throws -> TrackedComplaint {
        let response = try request("POST", "/v1/complaints", key: adminKey, json: json)
        let body = try response.json()
        guard response.status == 201, let id = body["id"]?.int, let number = body["number"]?.string,
            let code = body["tracking_code"]?.string
        else {
            throw TestClient.Failure(description: "could not register a complaint: \(response.status) \(response.text)")
        }
        return TrackedComplaint(id: id, number: number, code: code)
    }

    /// `GET /v1/track/{number}` with `code` as the tracking code, from 127.0.0.1 or `source`.
    func track(_ number: String, code: String, from source: String? = nil) throws -> TestClient.Response {
        try request("GET", "/v1/track/\(number)", headers: [("X-Tracking-Code", code)], source: source)
    }

    /// `POST /v1/track/{number}/feedback`.
    func giveFeedback(_ complaint: TrackedComplaint, json: String, code: String? = nil) throws -> TestClient.Response {
        try request(
            "POST", "/v1/track/\(complaint.number)/feedback", json: json,
            headers: [("X-Tracking-Code", code ?? complaint.code)])
    }
}

extension JSONValue {
    /// The names of an object's members, in order.
    var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.0)
    }
}
