import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

extension TestService {
    /// Registers a complaint with `key` (the admin key by default) and returns its id.
    func register(key: String? = nil, json: String = complaintJSON()) throws -> Int64 {
        let response = try request("POST", "/v1/complaints", key: key ?? adminKey, json: json)
        guard response.status == 201, let id = try response.json()["id"]?.int else {
            throw TestClient.Failure(description: "could not register a complaint: \(response.status) \(response.text)")
        }
        return id
    }

    /// `POST /v1/complaints/{id}/{action}` with `json` as the body (none when nil).
    func act(
        _ action: String, on id: Int64, key: String, json: String? = nil,
        headers: [(String, String)] = []
    ) throws -> TestClient.Response {
        try request("POST", "/v1/complaints/\(id)/\(action)", key: key, json: json, headers: headers)
    }

    /// Takes each action in turn with the admin key, failing unless each answers 200.
    func take(_ steps: [(String, String)], on id: Int64) throws {
        for (action, json) in steps {
            let response = try act(action, on: id, key: adminKey, json: json)
            guard response.status == 200 else {
                throw TestClient.Failure(description: "\(action) answered \(response.status) \(response.text)")
            }
        }
    }

    /// The complaint as `GET /v1/complaints/{id}` returns it to the admin.
    func complaint(_ id: Int64) throws -> JSONValue {
        try request("GET", "/v1/complaints/\(id)", key: adminKey).json()
    }

    /// The complaint's timeline entries, as the admin reads them.
    func timeline(_ id: Int64) throws -> [JSONValue] {
        try request("GET", "/v1/complaints/\(id)/timeline", key: adminKey).json()["data"]?.array ?? []
    }

    /// What the routes and the sweep run on: this service's database and runtime.
    var backend: Backend { Backend(database: database, runtime: runtime) }
}

/// The steps that take a received complaint to investigating.
let toInvestigating = [
    ("assess", #"{"valid":true,"category":"product_quality"}"#),
    ("assign", #"{"department":"quality","assignee":"张伟"}"#),
    ("investigate", #"{"findings":"The door seal is worn."}"#),
]

/// Reaching the customer: the first contact.
let contactStep = ("contact", #"{"method":"phone","summary":"Apologised and said an engineer will call."}"#)

/// A proposal body for `remedies` (a JSON array's inside) and an amount.
func proposalJSON(_ remedies: String, amount: Int? = nil) -> String {
    let money = amount.map { #","amount_minor":\#($0)"# } ?? ""
    return #"{"remedies":[\#(remedies)]\#(money),"description":"A new seal, fitted at home.","root_cause":"Worn seal"}"#
}

extension JSONValue {
    /// The strings of an array.
    var strings: [String]? { array?.compactMap(\.string) }
}
