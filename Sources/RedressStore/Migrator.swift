import SQLite

/// Brings a database's schema up to the newest of a list of migrations, in one transaction.
struct Migrator {
    /// The migrations, in version order.
    let migrations: [Migration]

    /// A migrator for `migrations`, whose versions must run 1, 2, 3... without gaps.
    init(migrations: [Migration]) {
        precondition(
            migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migration versions must run 1, 2, 3... without gaps"
        )
        self.migrations = migrations
    }

    /// The newest version this list knows.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies every migration newer than the database's version; refuses a database newer than the list.
    func migrate(_ connection: Connection) throws -> MigrationReport {
        // IMMEDIATE takes the write lock before the version is read, so two processes
        // starting together cannot both apply the same migration.
        try connection.transaction(.immediate) {
            let current: Int = try connection.first("PRAGMA user_version").map { try $0.get(0) } ?? 0
            guard current <= latestVersion else {
                throw DatabaseError.newerSchema(found: current, supported: latestVersion)
            }
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                )
                """)
            let pending = migrations.filter { $0.version > current }
            for migration in pending {
                try migration.apply(connection)
                try connection.run(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", migration.version, migration.name)
            }
            if !pending.isEmpty {
                // PRAGMA takes no bound parameters; the version is an integer from this code, not input.
                try connection.execute("PRAGMA user_version = \(latestVersion)")
            }
            return MigrationReport(applied: pending.map(\.version), current: max(current, latestVersion))
        }
    }
}
