import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// A signed-in browser: its session cookie and the CSRF token that goes with it.
struct Session {
    let cookie: String
    let csrf: String
    let user: JSONValue

    /// The token in the cookie.
    var token: String { String(cookie.dropFirst("redress_session=".count)) }

    /// The headers a same-origin page sends with a change: the cookie, the CSRF token and its origin.
    var changing: [(String, String)] { [("Cookie", cookie), ("X-CSRF-Token", csrf), ("Origin", "http://localhost")] }

    /// The cookie alone, as a page's reads send it.
    var reading: [(String, String)] { [("Cookie", cookie)] }
}

extension TestService {
    /// Creates a user through the API with the admin key and returns its id.
    @discardableResult
    func createUser(
        _ email: String, role: Role = .agent, name: String = "李娜", password: String = "correct horse battery",
        department: String? = nil
    ) throws -> Int64 {
        let departmentField = department.map { #","department":"\#($0)""# } ?? ""
        let response = try request(
            "POST", "/v1/users", key: adminKey,
            json:
                #"{"email":"\#(email)","display_name":"\#(name)","role":"\#(role.rawValue)","password":"\#(password)"\#(departmentField)}"#
        )
        guard response.status == 201, let id = try response.json()["id"]?.int else {
            throw TestClient.Failure(description: "could not create a user: \(response.status) \(response.text)")
        }
        return id
    }

    /// `POST /v1/sessions` as a browser on this server's own origin sends it.
    func signInResponse(
        _ email: String, _ password: String, source: String? = nil, headers: [(String, String)] = []
    ) throws -> TestClient.Response {
        try request(
            "POST", "/v1/sessions", json: #"{"email":"\#(email)","password":"\#(password)"}"#,
            headers: [("Origin", "http://localhost")] + headers, source: source)
    }

    /// Signs in, failing unless it answers 201 with a cookie.
    func signIn(_ email: String, _ password: String = "correct horse battery", source: String? = nil) throws -> Session
    {
        let response = try signInResponse(email, password, source: source)
        guard response.status == 201, let setCookie = response.header("Set-Cookie"),
            let csrf = try response.json()["csrf_token"]?.string, let user = try response.json()["user"]
        else {
            throw TestClient.Failure(description: "could not sign in: \(response.status) \(response.text)")
        }
        return Session(cookie: String(setCookie.prefix { $0 != ";" }), csrf: csrf, user: user)
    }
}
