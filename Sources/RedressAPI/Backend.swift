import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

/// What every route works through: the database and the service's runtime, with the reads,
/// writes, settings and authentication they share.
struct Backend: Sendable {
    let database: Database
    let runtime: Runtime

    var now: Instant { runtime.clock.now() }

    /// The time limits and thresholds in force: the stored ones, or the defaults until an
    /// administrator changes them; read from memory after the first time. Unless `waiting`,
    /// throws `WouldBlock` where the first read would wait for a reader.
    func settings(waiting: Bool = true) throws -> Settings {
        try runtime.settings.current { try storedSettings(waiting: waiting) }
    }

    /// Applies `change` to the settings in force and stores the outcome, which takes effect at once.
    /// Due dates already computed stay as they are; new ones (intake, a new priority) use it.
    func changeSettings(_ change: (Settings) throws -> Settings) throws -> Settings {
        try runtime.settings.update(load: { try storedSettings() }) { current in
            let changed = try change(current)
            let text = String(decoding: SettingsJSON.encode(changed), as: UTF8.self)
            let (now, ratioChanged) = (self.now, changed.atRiskRatio != current.atRiskRatio)
            try database.write { connection in
                try connection.setSetting(text, for: SettingsJSON.storageKey)
                // The sweep's next looks were timed with the old at-risk share.
                if ratioChanged { try connection.rescheduleSLAChecks(now: now) }
            }
            return changed
        }
    }

    private func storedSettings(waiting: Bool = true) throws -> Settings {
        try read(waiting: waiting) { try $0.setting(SettingsJSON.storageKey) }
            .map(SettingsJSON.decode(stored:)) ?? .defaults
    }

    /// Runs `body` in one read transaction (`Database.read`). Unless `waiting`, throws `WouldBlock`
    /// when every reader is lent, so that an event loop hands the request to a worker.
    func read<T: Sendable>(waiting: Bool = true, _ body: @Sendable (Connection) throws -> T) throws -> T {
        do {
            return try database.read(waiting: waiting, body)
        } catch DatabaseError.readersBusy {
            throw WouldBlock()
        }
    }

    /// Runs `body` in one write, then tells the change feed, which streams whatever events the
    /// write committed. Every write that may append events goes through here, so that streams
    /// hear of them at once.
    func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        defer { runtime.events.publish() }
        return try database.write(body)
    }

    /// Runs `body` inside one write and returns its response. With an `Idempotency-Key`, a retry
    /// gets the first response again instead, and a first request's successful response is kept
    /// in the same write, so the effect and the record of it commit together.
    func write(_ idempotency: Idempotency?, by caller: Caller, now: Instant,
               _ body: @Sendable (Connection) throws -> HTTPResponse) throws -> HTTPResponse {
        try write { connection in
            if let replay = try idempotency?.replay(for: caller, on: connection, now: now) { return replay }
            let response = try body(connection)
            try idempotency?.store(response, for: caller, on: connection, now: now)
            return response
        }
    }

    /// Authenticates the request and checks its role: 401 or 403 otherwise. The key's record comes
    /// from memory, or from a reader (see `read` for `waiting`).
    func caller(of request: HTTPRequest, atLeast role: Role, waiting: Bool = true) throws -> Caller {
        let caller = try Authenticator.caller(of: request) { key in
            try runtime.keys.record(provenBy: key) { lookup in try read(waiting: waiting) { try $0.apiKey(lookup: lookup) } }
        }
        try Authenticator.require(role, of: caller)
        return caller
    }

    /// The positive whole number a path or query names as an id, written in digits only (no sign,
    /// no spaces); nil for anything else.
    static func id(_ text: String) -> Int64? {
        guard text.allSatisfy(\.isASCIIDigit), let id = Int64(text), id > 0 else { return nil }
        return id
    }

    /// A JSON response.
    static func json(_ status: HTTPStatus = .ok, _ bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }
}
