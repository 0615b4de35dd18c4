import TestClient
import Foundation
import Testing
import RedressStore
import SQLite

@Suite struct MigrationTests {
    static let sample = [
        Migration(version: 1, name: "first", sql: "CREATE TABLE a (x INTEGER);"),
        Migration(version: 2, name: "second") { try $0.run("INSERT INTO a (x) VALUES (?)", 2) },
    ]

    @Test("a new database gets every migration once, recorded in order")
    func appliesOnce() throws {
        let directory = try TestDirectory()
        let configuration = directory.configuration()
        let first = try Database(configuration: configuration, migrations: Self.sample)
        #expect(first.migrationReport == MigrationReport(applied: [1, 2], current: 2))
        first.close()
        let second = try Database(configuration: configuration, migrations: Self.sample)
        defer { second.close() }
        #expect(second.migrationReport == MigrationReport(applied: [], current: 2))
        let (recorded, rows) = try second.read { connection in
            (
                try connection.query("SELECT version, name FROM schema_migrations ORDER BY version").map(\.values),
                try connection.first("SELECT count(*) FROM a")?.get(0) as Int?
            )
        }
        #expect(recorded == [[.integer(1), .text("first")], [.integer(2), .text("second")]])
        #expect(rows == 1)
    }

    @Test("a later build applies only the migrations the database lacks")
    func appliesNewOnes() throws {
        let directory = try TestDirectory()
        let configuration = directory.configuration()
        #expect(
            try Database.migrate(configuration: configuration, migrations: Array(Self.sample.prefix(1)))
                == MigrationReport(applied: [1], current: 1))
        #expect(
            try Database.migrate(configuration: configuration, migrations: Self.sample)
                == MigrationReport(applied: [2], current: 2))
        #expect(
            try Database.migrate(configuration: configuration, migrations: Self.sample)
                == MigrationReport(applied: [], current: 2))
    }

    @Test("a database from a newer build is refused with a message saying so")
    func refusesNewer() throws {
        let directory = try TestDirectory()
        let configuration = directory.configuration()
        _ = try Database.migrate(configuration: configuration, migrations: Self.sample)
        let error = try #require(throws: DatabaseError.self) {
            try Database(configuration: configuration, migrations: Array(Self.sample.prefix(1)))
        }
        #expect(error == .newerSchema(found: 2, supported: 1))
        #expect(error.description == "database schema version 2 is newer than this build supports (1); upgrade redress")
    }

    @Test("a failing migration leaves the database as it was")
    func failureRollsBack() throws {
        let directory = try TestDirectory()
        let configuration = directory.configuration()
        let broken =
            Self.sample + [
                Migration(version: 3, name: "broken", sql: "CREATE TABLE b (x); INSERT INTO missing VALUES (1);")
            ]
        _ = try Database.migrate(configuration: configuration, migrations: Array(Self.sample.prefix(1)))
        #expect(throws: SQLiteError.self) { try Database.migrate(configuration: configuration, migrations: broken) }
        let connection = try Connection(path: configuration.path, options: .readOnly)
        #expect(try connection.first("PRAGMA user_version")?.get(0) as Int? == 1)
        #expect(try connection.first("SELECT count(*) FROM sqlite_schema WHERE name = 'b'")?.get(0) as Int? == 0)
        #expect(try connection.first("SELECT count(*) FROM a")?.get(0) as Int? == 0)
    }

    @Test("the service's own migrations open a working settings table")
    func serviceSchema() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration())
        defer { database.close() }
        #expect(database.migrationReport.current == Schema.migrations.count)
        try database.write { try $0.setSetting("one", for: "k") }
        try database.write { try $0.setSetting("two", for: "k") }
        #expect(try database.read { try $0.setting("k") } == "two")
        #expect(try database.read { try $0.setting("absent") } == nil)
    }

    @Test(
        "opening sets WAL mode, foreign keys and the configured synchronous level",
        arguments: [
            (DatabaseConfiguration.Synchronous.full, 2), (.normal, 1), (.off, 0),
        ])
    func pragmas(synchronous: DatabaseConfiguration.Synchronous, level: Int) throws {
        let directory = try TestDirectory()
        var configuration = directory.configuration()
        configuration.synchronous = synchronous
        let database = try Database(configuration: configuration)
        defer { database.close() }
        let settings = try database.write { connection in
            [
                try connection.first("PRAGMA journal_mode")?[0],
                try connection.first("PRAGMA synchronous")?[0],
                try connection.first("PRAGMA foreign_keys")?[0],
            ]
        }
        #expect(settings == [.text("wal"), .integer(Int64(level)), .integer(1)])
    }
}
