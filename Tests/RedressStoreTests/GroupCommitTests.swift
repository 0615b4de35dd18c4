import TestClient
import Testing
@testable import RedressStore
import SQLite
import Synchronization

@Suite struct GroupCommitTests {
    struct Refused: Error, Equatable {}

    static let itemsTable = [
        Migration(
            version: 1, name: "items",
            sql: """
                CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, seen INTEGER);
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
                """)
    ]

    private func open(_ directory: TestDirectory, maxBatchSize: Int = 256) throws -> Database {
        var configuration = directory.configuration()
        configuration.maxBatchSize = maxBatchSize
        return try Database(configuration: configuration, migrations: Self.itemsTable)
    }

    /// Runs `writes` queued in order behind a held write (`startBehindGate`); their results.
    private func queueBehindGate<T: Sendable>(
        _ database: Database, _ writes: [@Sendable (Connection) throws -> T]
    ) -> [Result<T, any Error>] {
        startBehindGate(database, writes).map { $0.wait() }
    }

    private func names(_ database: Database) throws -> [String] {
        try database.read { try $0.query("SELECT name FROM items ORDER BY id").map { try $0.get(0) } }
    }

    @Test("each of 64 concurrent writers gets back its own result", arguments: [1, 256])
    func ownResults(maxBatchSize: Int) throws {
        let directory = try TestDirectory()
        let database = try open(directory, maxBatchSize: maxBatchSize)
        defer { database.close() }
        let results = Background.all(64) { thread in
            (0..<10).map { index in
                Result { () -> Int64 in
                    try database.write { connection in
                        try connection.run("INSERT INTO items (name) VALUES (?)", "\(thread)-\(index)")
                        return connection.lastInsertRowID
                    }
                }
            }
        }
        let stored = try database.read { connection in
            try Dictionary(
                uniqueKeysWithValues: connection.query("SELECT id, name FROM items").map {
                    (try $0.get(0) as Int64, try $0.get(1) as String)
                })
        }
        #expect(stored.count == 640)
        for (thread, ids) in results.enumerated() {
            for (index, id) in ids.enumerated() {
                #expect(try stored[id.get()] == "\(thread)-\(index)")
            }
        }
    }

    @Test("a failing write in a batch is undone alone and the others commit")
    func failureIsolated() throws {
        let directory = try TestDirectory()
        let database = try open(directory)
        defer { database.close() }
        let insert = { (name: String) in
            { @Sendable (connection: Connection) throws -> String in
                try connection.run("INSERT INTO items (name) VALUES (?)", name)
                return name
            }
        }
        let results = queueBehindGate(
            database,
            [
                insert("a"),
                insert("b"),
                insert("a"),
                { @Sendable connection in
                    try connection.run("INSERT INTO items (name) VALUES (?)", "refused")
                    throw Refused()
                },
                insert("c"),
            ])
        #expect(try results[0].get() == "a")
        #expect(try results[1].get() == "b")
        #expect((try? results[2].get()) == nil)
        #expect(throws: SQLiteError.self) { try results[2].get() }
        #expect(throws: Refused.self) { try results[3].get() }
        #expect(try results[4].get() == "c")
        #expect(try names(database) == ["a", "b", "c"])
    }

    @Test("a batch runs each write once, and goes again, each write in a savepoint, once one fails")
    func batchesGoAgainOnlyAfterAFailure() throws {
        let directory = try TestDirectory()
        let database = try open(directory)
        defer { database.close() }
        let runs = Mutex([String: Int]())
        let insert = { (name: String) in
            { @Sendable (connection: Connection) throws -> String in
                runs.withLock { $0[name, default: 0] += 1 }
                try connection.run("INSERT INTO items (name) VALUES (?)", name)
                return name
            }
        }
        _ = queueBehindGate(database, [insert("a"), insert("b"), insert("c")])
        #expect(runs.withLock { $0 } == ["a": 1, "b": 1, "c": 1])
        runs.withLock { $0 = [:] }
        let results = queueBehindGate(database, [insert("d"), insert("a"), insert("e")])
        // The first pass stops at the failure: "e" runs only in the second.
        #expect(runs.withLock { $0 } == ["d": 2, "a": 2, "e": 1])
        #expect(results.map { try? $0.get() } == ["d", nil, "e"])
        #expect(try names(database) == ["a", "b", "c", "d", "e"])
    }

    @Test("a failed COMMIT fails every write of its batch and the writer goes on")
    func commitFailure() throws {
        let directory = try TestDirectory()
        let database = try open(directory)
        defer { database.close() }
        let writes: [@Sendable (Connection) throws -> Void] = [
            { try $0.run("INSERT INTO parent (id) VALUES (1)") },
            { try $0.run("INSERT INTO child (parent_id) VALUES (99)") },
            { try $0.run("INSERT INTO parent (id) VALUES (2)") },
        ]
        let results = queueBehindGate(database, writes)
        for result in results {
            let error = try #require(throws: SQLiteError.self) { _ = try result.get() }
            #expect(error.isConstraintViolation)
            #expect(error.sql == "COMMIT")
        }
        #expect(try database.read { try $0.first("SELECT count(*) FROM parent")?.get(0) as Int? } == 0)
        try database.write { try $0.run("INSERT INTO parent (id) VALUES (3)") }
        #expect(try database.read { try $0.first("SELECT count(*) FROM parent")?.get(0) as Int? } == 1)
    }

    @Test("batches hold at most maxBatchSize writes and readers see only committed ones")
    func batchCapAndVisibility() throws {
        let directory = try TestDirectory()
        let database = try open(directory, maxBatchSize: 2)
        defer { database.close() }
        let writes = (0..<5).map { index in
            { @Sendable (connection: Connection) throws -> Int in
                try connection.run("INSERT INTO items (name) VALUES (?)", "\(index)")
                return try database.read { try $0.first("SELECT count(*) FROM items")?.get(0) ?? -1 }
            }
        }
        let committedBefore = try queueBehindGate(database, writes).map { try $0.get() }
        #expect(committedBefore == [0, 0, 2, 2, 4])
        #expect(try names(database) == ["0", "1", "2", "3", "4"])
    }

    @Test("one caller's successive writes commit in the order they were made")
    func writesInOrder() throws {
        let directory = try TestDirectory()
        let database = try open(directory)
        defer { database.close() }
        let order = try (0..<20).map { index in
            try database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES (?)", "\(index)")
                return connection.lastInsertRowID
            }
        }
        #expect(order == Array(1...20))
    }
}
