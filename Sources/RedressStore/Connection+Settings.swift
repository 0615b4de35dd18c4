import SQLite

extension Connection {
    /// The value stored under `key` in the settings table, or nil.
    public func setting(_ key: String) throws -> String? {
        try first("SELECT value FROM settings WHERE key = ?", key)?.get(0)
    }

    /// Stores `value` under `key`, replacing any earlier value.
    public func setSetting(_ value: String, for key: String) throws {
        try run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
    }
}
