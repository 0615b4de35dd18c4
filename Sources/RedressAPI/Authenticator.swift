import HTTP
import RedressCasework
import RedressDomain
import RedressStore

/// Turns a request's `Authorization: Bearer` key into the caller it belongs to.
enum Authenticator {
    /// The caller presenting a valid, unrevoked key; 400 for more than one `Authorization` field,
    /// 401 otherwise. `record` finds the stored record a key proves
    /// (`APIKeyCache.record(provenBy:read:)`), or nil.
    static func caller(of request: HTTPRequest, record: (String) throws -> APIKeyRecord?) throws -> Caller {
        // RFC 9110 §11.6.2: Authorization holds one credential, so a second field line is not a
        // list to pick from. Were the first to win, a proxy or log that reads the last would see
        // another caller than the one the request acts as: refuse both, valid or not.
        // Counted in place: every request with a key passes here, reading a complaint included.
        let count = request.headers.count(of: "Authorization")
        guard count <= 1 else {
            throw Problem.badRequest("The request has \(count) Authorization header fields; send exactly one.")
        }
        guard let header = request.headers["Authorization"] else {
            throw unauthorized("Send an API key as 'Authorization: Bearer <key>'.")
        }
        // RFC 9110 §11.1: the scheme is case-insensitive.
        let scheme = header.utf8.prefix(7)
        guard scheme.count == 7, String(decoding: scheme, as: UTF8.self).lowercased() == "bearer " else {
            throw unauthorized("Send an API key as 'Authorization: Bearer <key>'.")
        }
        let key = String(String(decoding: header.utf8.dropFirst(7), as: UTF8.self).trimmingWhitespace)
        guard let record = try record(key), record.revokedAt == nil else {
            throw unauthorized("The API key is not valid, or has been revoked.")
        }
        return Caller(record, presenting: key)
    }

    /// 403 unless the caller's role is at least `role`.
    static func require(_ role: Role, of caller: Caller) throws(Problem) {
        guard caller.role >= role else {
            let who = caller.user == nil ? "the key '\(caller.name)'" : "your account"
            throw Problem(
                .forbidden, slug: "forbidden", title: "Forbidden",
                detail: "This needs the \(role.rawValue) role or higher; \(who) has \(caller.role.rawValue)."
            )
        }
    }

    /// 401 for a session that cannot be used, telling the browser to drop its cookie.
    static func sessionEnded(_ detail: String, _ sessions: SessionPolicy) -> Problem {
        Problem(
            .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: detail,
            headers: ["WWW-Authenticate": "Bearer realm=\"redress\"", "Set-Cookie": sessions.clearingCookie])
    }

    /// 403 unless a state-changing request with the session `token` carries its CSRF token in
    /// `X-CSRF-Token` and comes from the server's own origin or an allowed one (`Origin`, else
    /// `Referer`). A page of another site can make the browser send the cookie, but can neither
    /// read the token nor send a header without the server's CORS consent.
    static func checkCSRF(of request: HTTPRequest, token: String, sessions: SessionPolicy) throws(Problem) {
        let given = request.headers.values(of: SessionPolicy.csrfHeader)
        guard given.count == 1, Secret.constantTimeEqual(given[0], SessionToken.csrf(for: token)) else {
            throw Problem(
                .forbidden, slug: "csrf-token-missing", title: "Forbidden",
                detail: "A change made with a session needs the session's CSRF token in the X-CSRF-Token header.")
        }
        switch sessions.source(of: request) {
        case .allowed: return
        case .absent:
            throw Problem(
                .forbidden, slug: "origin-missing", title: "Forbidden",
                detail: "A change made with a session needs an Origin (or Referer) header naming this server.")
        case .foreign:
            throw Problem(
                .forbidden, slug: "origin-not-allowed", title: "Forbidden",
                detail: "A change made with a session is accepted only from this server's own origin or an allowed one."
            )
        }
    }

    private static func unauthorized(_ detail: String) -> Problem {
        Problem(
            .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: detail,
            headers: ["WWW-Authenticate": "Bearer realm=\"redress\""])
    }
}
