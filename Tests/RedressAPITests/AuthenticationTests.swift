import Testing
import JSON
import RedressDomain
@testable import RedressAPI

@Suite struct AuthenticationTests {
    @Test(arguments: [
        nil, "Bearer rk_notARealKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxx", "Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ",
        "Bearerrk_notARealKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxx",
    ])
    func aMissingOrUnknownKeyIs401WithTheBearerChallenge(authorization: String?) throws {
        let service = try TestService()
        let headers = authorization.map { [("Authorization", $0)] } ?? []
        let response = try service.request("GET", "/v1/complaints", headers: headers)
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func theSchemeIsCaseInsensitiveAndSpacesAroundTheKeyDoNotCount() throws {
        let service = try TestService()
        for header in ["bearer \(service.adminKey)", "BEARER   \(service.adminKey)  ", "BeArEr \(service.adminKey)"] {
            #expect(
                try service.request("GET", "/v1/complaints", headers: [("Authorization", header)]).status == 200,
                "\(header)")
        }
        // A right prefix with a wrong rest is refused, though the prefix finds the key's record.
        let wrong = String(service.adminKey.dropLast()) + (service.adminKey.hasSuffix("x") ? "y" : "x")
        #expect(try service.request("GET", "/v1/complaints", key: wrong).status == 401)
        #expect(try service.request("GET", "/v1/complaints/1", key: wrong).status == 401)
    }

    @Test("Two Authorization fields are refused with 400 whether either, both or neither key is valid")
    func twoAuthorizationFieldsAreRefused() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let unknown = "rk_notARealKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxx"
        for (first, second) in [
            (service.adminKey, intake), (intake, service.adminKey), (service.adminKey, service.adminKey),
            (service.adminKey, unknown), (unknown, service.adminKey), (unknown, unknown),
        ] {
            let headers = [("Authorization", "Bearer \(first)"), ("authorization", "Bearer \(second)")]
            for (method, body) in [("GET", nil), ("POST", complaintJSON())] {
                let response = try service.request(method, "/v1/complaints", json: body, headers: headers)
                #expect(response.status == 400, "\(method) answered \(response.status)")
                #expect(response.header("Content-Type") == "application/problem+json")
                let problem = try response.json()
                #expect(problem["type"]?.string == "/problems/bad-request")
                #expect(problem["detail"]?.string?.contains("2 Authorization header fields") == true)
            }
        }
        let listed = try service.request("GET", "/v1/complaints", key: service.adminKey).json()
        #expect(listed["data"]?.array?.isEmpty == true, "no refused request registered a complaint")
    }

    /// Every endpoint of this issue with the lowest role that may use it.
    static let endpoints: [(method: String, path: String, body: String?, role: Role)] = [
        ("GET", "/v1/complaints", nil, .intake),
        ("POST", "/v1/complaints", nil, .intake),
        ("GET", "/v1/complaints/1", nil, .intake),
        ("PATCH", "/v1/complaints/1", #"{"title":"Edited"}"#, .agent),
        ("GET", "/v1/departments", nil, .intake),
        ("POST", "/v1/departments", #"{"key":"new_team","name":"New team"}"#, .admin),
        ("GET", "/v1/categories", nil, .intake),
        ("POST", "/v1/categories", #"{"key":"new_kind","name":"New kind"}"#, .admin),
        ("GET", "/v1/api-keys", nil, .admin),
        ("POST", "/v1/api-keys", #"{"name":"x","role":"agent"}"#, .admin),
        ("DELETE", "/v1/api-keys/1", nil, .admin),
    ]

    @Test func everyRoleBelowAnEndpointsMinimumIsForbidden() throws {
        let service = try TestService()
        let keys = try Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, try service.key($0)) })
        _ = try service.request("POST", "/v1/complaints", key: keys[.intake], json: complaintJSON())
        for endpoint in Self.endpoints {
            for role in Role.allCases where role < endpoint.role {
                let body = endpoint.method == "POST" && endpoint.body == nil ? complaintJSON() : endpoint.body
                let response = try service.request(endpoint.method, endpoint.path, key: keys[role], json: body)
                #expect(
                    response.status == 403, "\(role) on \(endpoint.method) \(endpoint.path) answered \(response.status)"
                )
                #expect(try response.json()["type"]?.string == "/problems/forbidden")
            }
            let allowed = try service.request(
                endpoint.method, endpoint.path, key: keys[endpoint.role],
                json: endpoint.method == "POST" && endpoint.body == nil ? complaintJSON() : endpoint.body)
            #expect(
                allowed.status != 403 && allowed.status != 401,
                "\(endpoint.role) on \(endpoint.method) \(endpoint.path)")
        }
    }

    @Test func aKeyIsShownOnceAndListedWithoutSecrets() throws {
        let service = try TestService()
        let created = try service.request(
            "POST", "/v1/api-keys", key: service.adminKey, json: #"{"name":"web form","role":"intake"}"#)
        #expect(created.status == 201)
        let key = try #require(try created.json()["key"]?.string)
        #expect(key.hasPrefix("rk_") && key.count == 43)
        let listed = try service.request("GET", "/v1/api-keys", key: service.adminKey)
        #expect(listed.status == 200)
        #expect(!listed.text.contains(key))
        #expect(!listed.text.contains("\"key\""))
        #expect(try listed.json()["data"]?.array?.count == 2)
        #expect(try service.request("GET", "/v1/complaints", key: key).status == 200)
    }

    @Test func aKeyIsStoredOnlyAsADigest() throws {
        let service = try TestService()
        let key = try service.key(.agent)
        let stored = try service.database.read { try $0.query("SELECT lookup, hex(digest) FROM api_keys") }
        for row in stored {
            let digest: String = try row.get(1)
            #expect(!digest.isEmpty && !key.contains(digest))
        }
        let dump = try service.database.read { try $0.query("SELECT * FROM api_keys") }.map { "\($0.values)" }.joined()
        #expect(!dump.contains(key))
    }

    @Test func revocationTakesEffectOnTheNextRequest() throws {
        let service = try TestService()
        let created = try service.request(
            "POST", "/v1/api-keys", key: service.adminKey, json: #"{"name":"temp","role":"agent"}"#
        ).json()
        let key = try #require(created["key"]?.string)
        let id = try #require(created["id"]?.int)
        #expect(try service.request("GET", "/v1/complaints", key: key).status == 200)
        // Only the id written in digits names the key: a sign or other characters name nothing.
        for other in ["+\(id)", "0\(id)x", "-\(id)"] {
            #expect(
                try service.request("DELETE", "/v1/api-keys/\(other)", key: service.adminKey).status == 404, "\(other)")
        }
        #expect(try service.request("GET", "/v1/complaints", key: key).status == 200)
        let revoked = try service.request("DELETE", "/v1/api-keys/\(id)", key: service.adminKey)
        #expect(revoked.status == 200)
        #expect(try revoked.json()["revoked_at"]?.string != nil)
        #expect(try service.request("GET", "/v1/complaints", key: key).status == 401)
        #expect(try service.request("DELETE", "/v1/api-keys/999", key: service.adminKey).status == 404)
    }

    @Test func aKeyCannotRevokeItselfNorTheLastAdminKey() throws {
        let service = try TestService()
        let own = try service.request("DELETE", "/v1/api-keys/1", key: service.adminKey)
        #expect(own.status == 409)
        #expect(try own.json()["type"]?.string == "/problems/own-key")
        let second = try service.key(.admin, name: "second admin")
        let third = try service.key(.admin, name: "third admin")
        #expect(try service.request("DELETE", "/v1/api-keys/1", key: second).status == 200)
        #expect(try service.request("DELETE", "/v1/api-keys/2", key: third).status == 200)
        let last = try service.request("DELETE", "/v1/api-keys/3", key: second)
        #expect(last.status == 401)
        let lastAdmin = try service.request(
            "POST", "/v1/api-keys", key: third, json: #"{"name":"helper","role":"agent"}"#
        ).json()
        #expect(lastAdmin["id"]?.int == 4)
        let refused = try service.request("DELETE", "/v1/api-keys/3", key: third)
        #expect(refused.status == 409)
        #expect(try refused.json()["type"]?.string == "/problems/own-key")
    }

    @Test func anIntakeKeySeesOnlyWhatItRegistered() throws {
        let service = try TestService()
        let mine = try service.key(.intake, name: "web")
        let theirs = try service.key(.intake, name: "phone")
        let own = try service.request("POST", "/v1/complaints", key: mine, json: complaintJSON(title: "Mine")).json()
        let other = try service.request("POST", "/v1/complaints", key: theirs, json: complaintJSON(title: "Theirs"))
            .json()
        let list = try service.request("GET", "/v1/complaints", key: mine).json()
        #expect(list["data"]?.array?.compactMap { $0["title"]?.string } == ["Mine"])
        #expect(try service.request("GET", "/v1/complaints/\(own["id"]!.int!)", key: mine).status == 200)
        #expect(try service.request("GET", "/v1/complaints/\(other["id"]!.int!)", key: mine).status == 404)
        #expect(try service.request("GET", "/v1/complaints/\(other["number"]!.string!)", key: mine).status == 404)
        let agent = try service.key(.agent)
        #expect(try service.request("GET", "/v1/complaints", key: agent).json()["data"]?.array?.count == 2)
    }

    @Test(arguments: [
        (#"{"name":"x"}"#, "role"), (#"{"role":"agent"}"#, "name"), (#"{"name":"x","role":"root"}"#, "role"),
        (#"{"name":"","role":"agent"}"#, "name"), (#"{"name":" \t ","role":"agent"}"#, "name"),
        (#"{"name":"x","role":"agent","extra":1}"#, "extra"),
    ])
    func aBadKeyRequestIs422NamingTheField(body: String, field: String) throws {
        let service = try TestService()
        let response = try service.request("POST", "/v1/api-keys", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
    }
}
