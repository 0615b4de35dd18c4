import RedressDomain
import RedressStore
import SQLite

/// The use cases: registering a complaint, acting on it, noting it, editing it, tracking it,
/// issuing keys, changing the catalog and the settings, sweeping time limits, seeding. Each owns
/// its transaction and its rules; the routes only parse, authorise and encode, and the command line
/// and the seeder call the same code. Rules refuse with a `Refusal`; the database's own failures
/// pass through as they are.
public struct Casework: Sendable {
    /// The database the use cases read and write.
    public let database: Database
    /// The offset from UTC, in seconds, of the zone whose months case numbers count in, at an instant.
    let utcOffset: @Sendable (Instant) -> Int
    /// Called after every write that may have appended events, so that event streams hear of them at once.
    let committed: @Sendable () -> Void
    /// Called after a write that queued deliveries in the outbox, so that the dispatcher sends them at once.
    let queuedDeliveries: @Sendable () -> Void

    /// The use cases over `database`, numbering complaints by the months of the zone `utcOffset`
    /// describes; `committed` is told after each write, and `queuedDeliveries` after each that
    /// queued a delivery.
    public init(
        database: Database, utcOffset: @escaping @Sendable (Instant) -> Int = { _ in 0 },
        committed: @escaping @Sendable () -> Void = {}, queuedDeliveries: @escaping @Sendable () -> Void = {}
    ) {
        self.database = database
        self.utcOffset = utcOffset
        self.committed = committed
        self.queuedDeliveries = queuedDeliveries
    }

    /// Runs `body` in one write, then tells `committed`, and `queuedDeliveries` when it queued any.
    func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        defer { committed() }
        let (value, queued) = try database.write { connection in
            let value = try body(connection)
            return (value, connection.takeQueuedDeliveryCount())
        }
        if queued > 0 { queuedDeliveries() }
        return value
    }

    /// Runs `body` in one write. With a `claim`, a retry answers the first reply again instead,
    /// and a first request's successful reply (made by `reply` inside the same write) is kept, so
    /// that the effect and the record of it commit together.
    func write<Value: Sendable>(
        _ claim: IdempotencyClaim?, by caller: Caller, now: Instant,
        reply: @escaping @Sendable (Value) -> Reply,
        _ body: @escaping @Sendable (Connection) throws -> Value
    ) throws -> Answer<Value> {
        try write { connection in
            guard let claim else { return .done(try body(connection), nil) }
            if let replay = try claim.replay(for: caller, on: connection, now: now) { return .replayed(replay) }
            let value = try body(connection)
            let answer = reply(value)
            try claim.keep(answer, for: caller, on: connection, now: now)
            return .done(value, answer)
        }
    }

    /// The positive whole number a path or query names as an id, written in digits only (no sign,
    /// no spaces); nil for anything else.
    public static func id(_ text: String) -> Int64? {
        guard text.allSatisfy(\.isASCIIDigit), let id = Int64(text), id > 0 else { return nil }
        return id
    }
}
