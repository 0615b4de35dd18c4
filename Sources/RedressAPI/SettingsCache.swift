import Locking
import RedressDomain

/// A value in force, the settings or the priority rules, read from the database once and then
/// kept in memory, since every complaint response or intake needs it. Reads share a read-write
/// lock, held only to copy the value, so the requests that all want it never queue for one
/// another, and an event loop reading it never waits for a change being stored. Changes go through `update`, one at a
/// time, and take effect for every reader when `update` returns.
final class SettingsCache<Value: Sendable>: Sendable {
    private let cached = ReadWriteLock<Value?>(nil)
    /// Held by `update` from reading the value to replacing it, so changes apply in turn.
    private let changing = Lock()

    /// A cache that will read the value on first use.
    init() {}

    /// The value, read with `load` the first time.
    func current(load: () throws -> Value) throws -> Value {
        if let value = cached.withReadLock({ $0 }) { return value }
        return try cached.withWriteLock { cached in
            if let cached { return cached }
            let loaded = try load()
            cached = loaded
            return loaded
        }
    }

    /// Forgets the value; the next use reads it again. A read under way finishes first (it holds
    /// the write lock), so what it read is never kept after this.
    func invalidate() {
        cached.withWriteLock { $0 = nil }
    }

    /// Replaces the value with what `change` makes of the current one (read with `load` if not
    /// yet cached); `change` stores it before returning. A throwing `change` leaves it as it was.
    func update(load: () throws -> Value, _ change: (Value) throws -> Value) throws -> Value {
        try changing.withLock {
            let changed = try change(try current(load: load))
            cached.withWriteLock { $0 = changed }
            return changed
        }
    }
}
