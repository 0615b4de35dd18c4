import Locking
import RedressDomain

/// The settings in force, read from the database once and then kept in memory, since every
/// complaint response needs them. Reads share a read-write lock, held only to copy the value, so
/// the requests that all want the settings never queue for one another, and an event loop
/// reading them never waits for a change being stored. Changes go through `update`, one at a
/// time, and take effect for every reader when `update` returns.
final class SettingsCache: Sendable {
    private let cached = ReadWriteLock<Settings?>(nil)
    /// Held by `update` from reading the settings to replacing them, so changes apply in turn.
    private let changing = Lock()

    /// A cache that will read the settings on first use.
    init() {}

    /// The settings, read with `load` the first time.
    func current(load: () throws -> Settings) throws -> Settings {
        if let settings = cached.withReadLock({ $0 }) { return settings }
        return try cached.withWriteLock { cached in
            if let cached { return cached }
            let loaded = try load()
            cached = loaded
            return loaded
        }
    }

    /// Replaces the settings with what `change` makes of the current ones (read with `load` if not
    /// yet cached); `change` stores them before returning. A throwing `change` leaves them as they were.
    func update(load: () throws -> Settings, _ change: (Settings) throws -> Settings) throws -> Settings {
        try changing.withLock {
            let changed = try change(try current(load: load))
            cached.withWriteLock { $0 = changed }
            return changed
        }
    }
}
