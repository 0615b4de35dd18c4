import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// What every route works through: the casework (every change), the database (for reads) and the
/// service's runtime, with the settings and authentication they share.
struct Backend: Sendable {
    let database: Database
    let runtime: Runtime
    let casework: Casework
    /// How staff sessions are carried, last and are checked.
    let sessions: SessionPolicy

    /// A backend over `database`, whose writes tell `runtime`'s event streams.
    init(database: Database, runtime: Runtime, sessions: SessionPolicy = SessionPolicy()) {
        self.database = database
        self.runtime = runtime
        self.sessions = sessions
        casework = Casework(
            database: database, utcOffset: { runtime.utcOffset(at: $0) },
            committed: { runtime.events.publish() }, queuedDeliveries: { runtime.outbox.wake() })
    }

    var now: Instant { runtime.clock.now() }

    /// The time limits and thresholds in force: the stored ones, or the defaults until an
    /// administrator changes them; read from memory after the first time. Unless `waiting`,
    /// throws `WouldBlock` where the first read would wait for a reader.
    func settings(waiting: Bool = true) throws -> Settings {
        try runtime.settings.current { try storedSettings(waiting: waiting) }
    }

    /// Applies `change` to the settings in force and stores the outcome, which takes effect at once:
    /// new due dates use it, and when the limits the default policies are made of or the at-risk
    /// share changed, open complaints are re-dated in the background (`SLARedating`).
    func changeSettings(_ change: (Settings) throws -> Settings) throws -> Settings {
        let changed = try runtime.settings.update(load: { try storedSettings() }) { current in
            let changed = try change(current)
            try casework.storeSettings(
                String(decoding: SettingsJSON.encode(changed), as: UTF8.self),
                redate: changed.sla != current.sla || changed.followUpHours != current.followUpHours
                    || changed.atRiskRatio != current.atRiskRatio,
                replyLimitsChanged: changed.noReplyReminder != current.noReplyReminder
                    || changed.noReplyWithdraw != current.noReplyWithdraw,
                now: now)
            // The default policies follow the settings.
            runtime.timeLimits.invalidate()
            return changed
        }
        runtime.requestRedating()
        return changed
    }

    /// The priority rules in force: the stored ones, or the defaults until an administrator
    /// changes them; read from memory after the first time.
    func priorityRules() throws -> PriorityRuleBook {
        try runtime.priorityRules.current { try storedPriorityRules() }
    }

    /// Replaces the priority rules with `rules` (`Casework.replacePriorityRules`), which take
    /// effect at once for new complaints; `precondition` sees the stored version.
    func replacePriorityRules(
        _ rules: PriorityRuleSet,
        precondition: @escaping @Sendable (Int) throws -> Void
    ) throws -> PriorityRuleBook {
        try runtime.priorityRules.update(load: { try storedPriorityRules() }) { _ in
            let version = try casework.replacePriorityRules(rules, precondition: precondition) { rules, version in
                String(decoding: PriorityRulesJSON.encode(rules, version: version), as: UTF8.self)
            }
            return PriorityRuleBook(version: version, matcher: PriorityMatcher(rules))
        }
    }

    private func storedPriorityRules() throws -> PriorityRuleBook {
        try read { try $0.setting(Casework.priorityRulesKey) }.map(PriorityRulesJSON.decode(stored:)) ?? .defaults
    }

    /// The time-limit policies in force over the defaults of `settings`, with the stored calendars
    /// and the built-in 24×7 one in `REDRESS_TZ`; read from memory after the first time.
    func timeLimits(settings: Settings) throws -> SLAPolicyList {
        try runtime.timeLimits.current {
            let stored = try read { transaction in
                (
                    policies: try Casework.policies(in: transaction),
                    calendars: try Casework.calendars(in: transaction),
                    categories: try transaction.categories().map(\.key),
                    departments: try transaction.departments().map(\.key)
                )
            }
            let policies = try stored.policies.map { try TimeLimitDocuments.policies(in: $0) } ?? []
            let calendars = try stored.calendars.map { try TimeLimitDocuments.calendar($0.key, in: $0.document) }
            return try SLAPolicyList.validated(
                policies, defaultsFrom: settings, calendars: calendars,
                categories: Set(stored.categories), departments: Set(stored.departments),
                zone: runtime.zone)
        }
    }

    private func storedSettings(waiting: Bool = true) throws -> Settings {
        try read(waiting: waiting) { try $0.setting(Casework.settingsKey) }
            .map(SettingsJSON.decode(stored:)) ?? .defaults
    }

    /// Runs `body` in one read transaction (`Database.read`). Unless `waiting`, throws `WouldBlock`
    /// when every reader is lent, so that an event loop hands the request to a worker.
    func read<T: Sendable>(waiting: Bool = true, _ body: @Sendable (Transaction) throws -> T) throws -> T {
        do {
            return try database.read(waiting: waiting, body)
        } catch DatabaseError.readersBusy {
            throw WouldBlock()
        }
    }

    /// Authenticates the request and checks its role: 401 or 403 otherwise. A request with an
    /// `Authorization` field is judged by its API key, whose record comes from memory, or from a
    /// reader (see `read` for `waiting`); one without, by its session cookie, if any
    /// (`sessionCaller`).
    func caller(of request: HTTPRequest, atLeast role: Role, waiting: Bool = true) throws -> Caller {
        let caller: Caller
        if !request.headers.contains("Authorization"), let token = SessionPolicy.token(in: request) {
            caller = try sessionCaller(of: request, token: token, waiting: waiting)
        } else {
            caller = try Authenticator.caller(of: request) { key in
                try runtime.keys.record(provenBy: key) { lookup in
                    try read(waiting: waiting) { try $0.apiKey(lookup: lookup) }
                }
            }
        }
        try Authenticator.require(role, of: caller)
        return caller
    }

    /// The user a session cookie signs in: 401 when the session is unknown, ended, idle too long or
    /// past its absolute end, or its user deactivated (and the cookie is cleared); 403 for a
    /// state-changing request without the session's CSRF token or from a foreign origin. A use
    /// more than a minute after the last one recorded is recorded, by a write (so, on an event
    /// loop, `WouldBlock`).
    func sessionCaller(of request: HTTPRequest, token: String, waiting: Bool) throws -> Caller {
        let digest = SessionToken.digest(of: token)
        let now = self.now
        guard let (session, user) = try read(waiting: waiting, { try $0.session(digest: digest) }) else {
            throw Authenticator.sessionEnded("The session is not valid, or has ended; sign in again.", sessions)
        }
        guard user.active, now < session.expiresAt, now.seconds - session.lastSeenAt.seconds < sessions.idleTimeout
        else {
            throw Authenticator.sessionEnded("The session has expired; sign in again.", sessions)
        }
        if ![.get, .head, .options].contains(request.method) {
            try Authenticator.checkCSRF(of: request, token: token, sessions: sessions)
        }
        if now.seconds - session.lastSeenAt.seconds >= SessionPolicy.touchInterval {
            guard waiting else { throw WouldBlock() }
            try casework.touchSession(digest: digest, now: now)
        }
        return Caller(user, session: token)
    }

    /// A JSON response.
    static func json(_ status: HTTPStatus = .ok, _ bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse
    {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }
}

extension HTTPResponse {
    /// The response a kept or replayed reply stands for.
    init(_ reply: Reply) {
        self.init(status: HTTPStatus(reply.status), headers: HTTPHeaders(reply.headers), body: .bytes(reply.body))
    }

    /// This response as a reply the casework can keep for an `Idempotency-Key` retry; a streamed
    /// body, which is never kept, as an empty one.
    var reply: Reply {
        guard case .bytes(let body) = body else { return Reply(status: status.code, headers: [], body: []) }
        return Reply(status: status.code, headers: headers.map { ($0.name, $0.value) }, body: body)
    }
}

extension Answer {
    /// The response to send: the replayed or kept reply, else `encode`'s.
    func response(_ encode: (Value) -> HTTPResponse) -> HTTPResponse {
        HTTPResponse(reply { encode($0).reply })
    }
}
