import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// Staff accounts and their sessions: `/v1/users` (admin), `/v1/sessions` (signing in and out),
/// `/v1/me` and `/v1/users/me/password`.
///
/// Passwords are hashed here, on the worker answering the request, before any write: a hash takes
/// about half a second at 600,000 iterations, which neither an event loop nor the database
/// writer may spend.
struct UserRoutes {
    let backend: Backend
    /// The proxies whose record of the client's address is believed, for counting failures.
    let proxies: TrustedProxies
    /// This process's count of failed sign-ins.
    let attempts = LoginAttempts()

    /// The answer to a wrong password and to an unknown (or deactivated) account alike.
    static let signInFailed = Problem(
        .unauthorized, slug: "sign-in-failed", title: "Unauthorized",
        detail: "The e-mail address or the password is wrong.")

    func register(on router: inout Router) {
        router.add(.post, "/v1/users") { request, _ in try create(request) }
        router.add(.get, "/v1/users") { request, _ in try list(request) }
        router.add(.get, "/v1/users/{id}") { request, parameters in try show(request, id: parameters["id"]!) }
        router.add(.patch, "/v1/users/{id}") { request, parameters in try edit(request, id: parameters["id"]!) }
        router.add(.post, "/v1/users/me/password") { request, _ in try changePassword(request) }
        router.add(.get, "/v1/me") { request, _ in try me(request) }
        router.add(.post, "/v1/sessions") { request, _ in try signIn(request) }
        router.add(.delete, "/v1/sessions/current") { request, _ in try signOut(request) }
    }

    // MARK: Users

    /// `POST /v1/users` (admin) `{email, display_name, role, department?, password?}`: 201 with the
    /// user, and the password only when it was generated (shown this once).
    private func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .admin)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["email", "display_name", "role", "department", "password"])
        let email = Self.email(&body)
        let name = body.displayName("display_name")
        let role: Role? = body.choice("role", required: true)
        if let role, !Casework.userRoles.contains(role) {
            body.errors.append(FieldError("role", "must be one of agent, supervisor, admin"))
        }
        let department = Self.department(in: &body)
        var password = body.string("password")
        if let given = password, let problem = Password.problem(given) {
            body.errors.append(FieldError("password", problem))
        }
        try body.validate()
        let generated = password == nil ? Password.generate() : nil
        password = password ?? generated
        let hash = PasswordHash(of: password!, iterations: backend.sessions.passwordIterations)
        let respond: @Sendable (UserRecord) -> HTTPResponse = { user in
            Self.response(user, status: .created, password: generated, headers: ["Location": "/v1/users/\(user.id)"])
        }
        return try backend.casework.createUser(
            NewUser(email: email!, displayName: name!, role: role!, department: department), passwordHash: hash,
            by: caller, now: backend.now, claim: claim, reply: { respond($0).reply }
        ).response(respond)
    }

    /// `GET /v1/users?limit=&cursor=` (admin): a page of users, oldest first.
    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var query = ListQuery(request, allowed: ["limit", "cursor"])
        let limit = query.integer("limit", in: 1...200, default: 50)
        let after = query.cursor { token in Int64(token, radix: 36).flatMap { $0 > 0 ? $0 : nil } }
        try query.validate()
        let page = try backend.database.read { try $0.users(after: after, limit: limit) }
        return LifecycleRoutes.page(page.users, next: page.next.map { String($0, radix: 36) }) { user, json in
            Self.write(user, into: &json)
        }
    }

    /// `GET /v1/users/{id}` (admin, or the user themselves; `me` names the caller), with its `ETag`.
    private func show(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let own = caller.user.map { id == "me" || Casework.id(id) == $0.id } ?? false
        if !own { try Authenticator.require(.admin, of: caller) }
        let userID = own ? caller.user!.id : Casework.id(id)
        guard let userID, let user = try backend.database.read({ try $0.user(id: userID) }) else {
            throw Problem.notFound("No user \(id) exists.")
        }
        return Self.response(user)
    }

    /// The `department` member: nil when absent or null (no department); a blank or overlong one
    /// is refused here, with the body's other errors, before anything is looked up.
    private static func department(in body: inout RequestBody) -> String? {
        let department = body.string("department")
        if let department, department.unicodeScalars.count > 200 || ComplaintRules.isBlank(department) {
            body.errors.append(FieldError("department", "must name a department (1 to 200 characters), or be null"))
        }
        return department
    }

    /// `PATCH /v1/users/{id}` (admin): a JSON merge patch of `display_name`, `role`, `department`
    /// (null for none) and `active`, honouring `If-Match`. Deactivating ends the user's sessions.
    private func edit(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .admin)
        var body = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        body.rejectUnknown(["display_name", "role", "department", "active"])
        var change = UserChange()
        if body.has("display_name") { change.displayName = body.displayName("display_name") }
        if body.has("role") {
            change.role = body.choice("role", required: true)
            if let role = change.role, !Casework.userRoles.contains(role) {
                body.errors.append(FieldError("role", "must be one of agent, supervisor, admin"))
            }
        }
        if body.has("department") { change.department = .some(Self.department(in: &body)) }
        if body.has("active") { change.active = body.bool("active", required: true) }
        try body.validate()
        let user = try backend.casework.changeUser(
            id, change, by: caller, now: backend.now, precondition: { try ETag.check(request, against: $0) })
        return Self.response(user)
    }

    // MARK: Sessions

    /// `POST /v1/sessions` `{email, password}`: signs in. 201 with the user and the session's CSRF
    /// token, and the session in a cookie; 401 alike for a wrong password and an unknown or
    /// deactivated account, after the same work; 429 while the address (or, for an address that
    /// failed for the account, the account) is held back; 403 from a foreign origin.
    private func signIn(_ request: HTTPRequest) throws -> HTTPResponse {
        // A page of another site must not sign a browser in to an account of its choosing.
        if backend.sessions.source(of: request) == .foreign {
            throw Problem(
                .forbidden, slug: "origin-not-allowed", title: "Forbidden",
                detail: "Signing in is accepted only from this server's own origin or an allowed one.")
        }
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["email", "password"])
        let email = Self.email(&body)
        let password = body.string("password", required: true)
        if let password, password.unicodeScalars.count > 4 * Password.maximumLength {
            body.errors.append(FieldError("password", "must be at most \(Password.maximumLength) characters"))
        }
        try body.validate()
        let address = proxies.clientAddress(of: request)
        let account = UserRecord.emailKey(email!)
        let now = backend.now
        try admit(address: address, account: account, now: now)
        let user = try backend.database.read { try $0.user(email: account) }
        // An unknown account costs the same hash as a known one, so time tells nothing either.
        let stored = user.flatMap { PasswordHash(encoded: $0.passwordHash) }
        let iterations = backend.sessions.passwordIterations
        let verified = (stored ?? PasswordHash.standIn(iterations: iterations)).verifies(password!)
        guard verified, let user, let stored, user.active else {
            attempts.recordFailure(address: address, account: account, now: now)
            throw Self.signInFailed
        }
        let rehashed = stored.iterations < iterations ? PasswordHash(of: password!, iterations: iterations) : nil
        guard
            let started = try backend.casework.startSession(
                for: user, rehashed: rehashed, now: now, idleTimeout: backend.sessions.idleTimeout,
                lifetime: backend.sessions.lifetime)
        else { throw Self.signInFailed }
        var json = JSONWriter()
        json.beginObject()
        json.key("user")
        Self.write(started.user, into: &json)
        json.field("csrf_token", SessionToken.csrf(for: started.token))
        json.field("expires_at", started.session.expiresAt)
        json.field("idle_timeout_seconds", backend.sessions.idleTimeout)
        json.endObject()
        var headers = HTTPHeaders()
        headers.set("Set-Cookie", backend.sessions.cookie(started.token))
        headers.set("Cache-Control", "no-store")
        return Backend.json(.created, json.bytes, headers: headers)
    }

    /// `DELETE /v1/sessions/current`: signs out. 204, the session ended and the cookie cleared; 403
    /// for a request made with an API key, which has no session.
    private func signOut(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        guard caller.user != nil else { throw Self.needsSession }
        try backend.casework.endSession(digest: SessionToken.digest(of: caller.presentedKey))
        var response = HTTPResponse(status: .noContent)
        response.headers.set("Set-Cookie", backend.sessions.clearingCookie)
        return response
    }

    /// `GET /v1/me`: who the caller is: a user (with the session's CSRF token, for a page loaded
    /// anew) or an API key.
    private func me(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .intake)
        var json = JSONWriter()
        json.beginObject()
        json.field("kind", caller.user == nil ? "api_key" : "user")
        json.field("name", caller.name)
        json.field("role", caller.role.rawValue)
        json.key("user")
        if let user = caller.user { Self.write(user, into: &json) } else { json.null() }
        json.field("key_id", caller.user == nil ? caller.keyID : nil)
        json.field("csrf_token", caller.user == nil ? nil : SessionToken.csrf(for: caller.presentedKey))
        json.endObject()
        return Backend.json(.ok, json.bytes, headers: ["Cache-Control": "no-store"])
    }

    /// `POST /v1/users/me/password` `{current_password, new_password}`: with a session, changes the
    /// password and ends the user's other sessions; 204. A wrong current password is 422 and
    /// counts as a failed sign-in.
    private func changePassword(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        guard let user = caller.user else { throw Self.needsSession }
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["current_password", "new_password"])
        let current = body.string("current_password", required: true)
        let replacement = body.string("new_password", required: true)
        if let replacement, let problem = Password.problem(replacement) {
            body.errors.append(FieldError("new_password", problem))
        }
        try body.validate()
        let address = proxies.clientAddress(of: request)
        let account = UserRecord.emailKey(user.email)
        let now = backend.now
        try admit(address: address, account: account, now: now)
        guard let stored = PasswordHash(encoded: user.passwordHash), stored.verifies(current!) else {
            attempts.recordFailure(address: address, account: account, now: now)
            throw Problem.validation([FieldError("current_password", "is not the account's current password")])
        }
        let hash = PasswordHash(of: replacement!, iterations: backend.sessions.passwordIterations)
        _ = try backend.casework.changePassword(
            of: user, to: hash, keeping: SessionToken.digest(of: caller.presentedKey), now: now)
        return HTTPResponse(status: .noContent)
    }

    /// 429 with `Retry-After` while sign-ins from `address` for `account` are held back.
    private func admit(address: String, account: String, now: Instant) throws(Problem) {
        guard let seconds = attempts.retryAfter(address: address, account: account, now: now) else { return }
        throw Problem(
            .tooManyRequests, slug: "too-many-attempts", title: "Too Many Attempts",
            detail: "Too many failed sign-ins; try again in \(seconds) seconds.",
            headers: ["Retry-After": String(seconds)])
    }

    private static let needsSession = Problem(
        .forbidden, slug: "forbidden", title: "Forbidden",
        detail: "This needs a signed-in user's session; an API key has none.")

    /// A required e-mail address, `local@domain.tld`, up to 254 characters.
    private static func email(_ body: inout RequestBody) -> String? {
        guard let email = body.string("email", required: true) else { return nil }
        guard ComplaintRules.isEmail(email) else {
            body.errors.append(FieldError("email", "must be an email address such as li.na@example.com"))
            return nil
        }
        return email
    }

    /// A user as a response, with its `ETag`.
    static func response(
        _ user: UserRecord, status: HTTPStatus = .ok, password: String? = nil, headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var json = JSONWriter()
        write(user, into: &json, password: password)
        var headers = headers
        headers.set("ETag", "\"\(user.version)\"")
        if password != nil { headers.set("Cache-Control", "no-store") }
        return Backend.json(status, json.bytes, headers: headers)
    }

    /// A user's public record: never the password hash; `password` only in the response that
    /// generated it.
    static func write(_ user: UserRecord, into json: inout JSONWriter, password: String? = nil) {
        json.beginObject()
        json.field("id", user.id)
        json.field("email", user.email)
        json.field("display_name", user.displayName)
        json.field("role", user.role.rawValue)
        json.field("department", user.department)
        json.field("active", user.active)
        json.field("version", Int64(user.version))
        json.field("created_at", user.createdAt)
        json.field("updated_at", user.updatedAt)
        if let password { json.field("password", password) }
        json.endObject()
    }
}
