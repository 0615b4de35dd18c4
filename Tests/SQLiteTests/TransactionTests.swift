import TestClient
import Testing
import SQLite

@Suite struct TransactionTests {
    struct Abort: Error {}

    private func table() throws -> Connection {
        let connection = try Connection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER)")
        return connection
    }

    private func count(_ connection: Connection) throws -> Int {
        try #require(try connection.first("SELECT count(*) FROM t")).get(0)
    }

    @Test(
        "a transaction commits what its body wrote and returns its result",
        arguments: [
            Connection.TransactionKind.deferred, .immediate, .exclusive,
        ])
    func commits(kind: Connection.TransactionKind) throws {
        let connection = try table()
        let id = try connection.transaction(kind) {
            try connection.run("INSERT INTO t VALUES (1)")
            return connection.lastInsertRowID
        }
        #expect(id == 1)
        #expect(try count(connection) == 1)
        #expect(!connection.isInTransaction)
    }

    @Test("an error thrown in a transaction rolls it back and reaches the caller")
    func rollsBack() throws {
        let connection = try table()
        #expect(throws: Abort.self) {
            try connection.transaction(.immediate) {
                try connection.run("INSERT INTO t VALUES (1)")
                #expect(connection.isInTransaction)
                throw Abort()
            }
        }
        #expect(try count(connection) == 0)
        #expect(!connection.isInTransaction)
    }

    @Test("a failed savepoint undoes only its own writes")
    func savepoints() throws {
        let connection = try table()
        try connection.transaction {
            try connection.run("INSERT INTO t VALUES (1)")
            #expect(throws: Abort.self) {
                try connection.savepoint("inner") {
                    try connection.run("INSERT INTO t VALUES (2)")
                    throw Abort()
                }
            }
            try connection.savepoint { try connection.run("INSERT INTO t VALUES (3)") }
        }
        #expect(try connection.query("SELECT x FROM t ORDER BY x").map { try $0.get(0) as Int } == [1, 3])
    }

    @Test("BEGIN IMMEDIATE takes the write lock at once")
    func immediateLocks() throws {
        let directory = try TestDirectory()
        let path = directory.path("db.sqlite")
        let first = try Connection(path: path)
        let second = try Connection(path: path)
        try first.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x)")
        try first.transaction(.immediate) {
            let error = try #require(throws: SQLiteError.self) { try second.transaction(.immediate) {} }
            #expect(error.isBusy)
            let rows = try second.transaction(.deferred) { try second.query("SELECT count(*) FROM t") }
            #expect(rows.first?[0] == .integer(0))
        }
    }

    @Test("changes counts the rows the last statement touched")
    func changes() throws {
        let connection = try table()
        try connection.execute("INSERT INTO t VALUES (1), (2), (3)")
        try connection.run("UPDATE t SET x = x + 1 WHERE x > ?", 1)
        #expect(connection.changes == 2)
    }
}
