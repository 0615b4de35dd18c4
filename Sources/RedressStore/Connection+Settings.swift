import SQLite

extension Connection {
    /// The value stored under `key` in the settings table, or nil.
    public func setting(_ key: String) throws -> String? {
        try first("SELECT value FROM settings WHERE key = ?", key)?.get(0)
    }

    /// Stores `value` under `key`, replacing any earlier value.
    public func setSetting(_ value: String, for key: String) throws {
        try run(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key, value)
    }

    /// Removes whatever is stored under `key`.
    public func deleteSetting(_ key: String) throws {
        try run("DELETE FROM settings WHERE key = ?", key)
    }
}

extension Connection {
    /// Every key of the settings table starting with `prefix`, with its value, in key order.
    public func settings(withPrefix prefix: String) throws -> [(key: String, value: String)] {
        // The prefix is matched as a range of keys, so no character of it is a pattern.
        try query(
            "SELECT key, value FROM settings WHERE key >= ? AND key < ? ORDER BY key", prefix, prefix + "\u{10FFFF}"
        )
        .map { (try $0.get(0), try $0.get(1)) }
    }
}
