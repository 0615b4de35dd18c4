import HTTP
import RedressCasework

/// How staff sessions work: the cookie that carries one, how long one lasts, and which origins a
/// browser may send a state-changing request from.
struct SessionPolicy: Sendable {
    /// The cookie's name.
    static let cookieName = "redress_session"
    /// The header a state-changing request with a session carries its CSRF token in.
    static let csrfHeader = "X-CSRF-Token"
    /// The longest a session's last use is left unrecorded: a request writes it only when it is
    /// older, so idle expiry is exact to within this and reads cost no write.
    static let touchInterval: Int64 = 60

    /// Seconds without use after which a session ends (`REDRESS_SESSION_IDLE_MINUTES`).
    var idleTimeout: Int64 = 8 * 3600
    /// Seconds after sign-in at which a session ends however it is used (`REDRESS_SESSION_MAX_HOURS`).
    var lifetime: Int64 = 7 * 86400
    /// Whether the cookie is marked `Secure` (`REDRESS_COOKIE_SECURE=1`): the server has no TLS of
    /// its own, so whatever serves it over HTTPS says so through this.
    var secureCookie = false
    /// Origins besides the server's own that may send state-changing requests with a session
    /// (`REDRESS_ORIGINS`, and the CORS origins but `*`).
    var origins: Set<String> = []
    /// The PBKDF2 iterations of new password hashes; an older hash with fewer is made again at
    /// the next sign-in.
    var passwordIterations = PasswordHash.defaultIterations

    /// The defaults.
    init() {}

    /// The policy `configuration` sets.
    init(_ configuration: Configuration) {
        idleTimeout = Int64(configuration.sessionIdleMinutes) * 60
        lifetime = Int64(configuration.sessionMaxHours) * 3600
        secureCookie = configuration.cookieSecure
        origins = Set(configuration.origins + configuration.corsOrigins.filter { $0 != "*" })
        passwordIterations = configuration.passwordIterations
    }

    /// The session token the request's `Cookie` fields carry, if one of the form of a token.
    static func token(in request: HTTPRequest) -> String? {
        for field in request.headers.values(of: "Cookie") {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingWhitespace == cookieName else { continue }
                let value = parts[1].trimmingWhitespace
                if SessionToken.isWellFormed(value) { return String(value) }
            }
        }
        return nil
    }

    /// The `Set-Cookie` value that gives the browser `token`, kept until the session's absolute end.
    func cookie(_ token: String) -> String {
        "\(Self.cookieName)=\(token); Path=/; Max-Age=\(lifetime); HttpOnly; SameSite=Lax"
            + (secureCookie ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that makes the browser drop the cookie.
    var clearingCookie: String {
        "\(Self.cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "")
    }

    /// Where a request says it comes from, as the Fetch standard's `Origin` (or, without it, the
    /// origin of `Referer`), judged against the server's own origin (its `Host`, over HTTPS, or
    /// HTTP too unless the cookie is `Secure`) and the allowed ones.
    enum Source: Equatable {
        case allowed, absent, foreign
    }

    /// The request's source.
    func source(of request: HTTPRequest) -> Source {
        let origin: String
        if let given = request.headers["Origin"] {
            origin = given
        } else if let referer = request.headers["Referer"] {
            origin = Self.origin(of: referer) ?? "null"
        } else {
            return .absent
        }
        if origins.contains(origin) { return .allowed }
        guard let host = request.headers["Host"], !host.isEmpty else { return .foreign }
        if origin == "https://" + host.lowercased() || (!secureCookie && origin == "http://" + host.lowercased()) {
            return .allowed
        }
        return .foreign
    }

    /// `scheme://host[:port]` of a URL, lower-cased; nil when it has none.
    private static func origin(of url: String) -> String? {
        guard let separator = url.range(of: "://") else { return nil }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        return (url[..<separator.lowerBound] + "://" + authority).lowercased()
    }
}
