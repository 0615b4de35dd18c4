import RedressDomain
import Synchronization

/// The settings in force, read from the database once and then kept in memory, since every
/// complaint response needs them. Changes go through `update`, which holds the lock while the new
/// settings are stored, so concurrent changes apply one after the other and readers never see
/// settings older than the last stored.
final class SettingsCache: Sendable {
    private let cached = Mutex<Settings?>(nil)

    /// A cache that will read the settings on first use.
    init() {}

    /// The settings, read with `load` the first time.
    func current(load: () throws -> Settings) throws -> Settings {
        try cached.withLock { cached in
            if let cached { return cached }
            let loaded = try load()
            cached = loaded
            return loaded
        }
    }

    /// Replaces the settings with what `change` makes of the current ones (read with `load` if not
    /// yet cached); `change` stores them before returning. A throwing `change` leaves them as they were.
    func update(load: () throws -> Settings, _ change: (Settings) throws -> Settings) throws -> Settings {
        try cached.withLock { cached in
            let changed = try change(try cached ?? load())
            cached = changed
            return changed
        }
    }
}
