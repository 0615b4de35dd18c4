import TestClient
import Testing
import SQLite

@Suite struct ErrorTests {
    @Test("a syntax error carries its code, message and SQL")
    func syntaxError() throws {
        let connection = try Connection(path: ":memory:")
        let error = try #require(throws: SQLiteError.self) { try connection.run("SELEKT 1") }
        #expect(error.resultCode == 1)
        #expect(error.message.contains("syntax error"))
        #expect(error.sql == "SELEKT 1")
    }

    @Test("a constraint violation carries its extended code and the SQL that failed")
    func constraintViolation() throws {
        let directory = try TestDirectory()
        let connection = try Connection(path: directory.path("db.sqlite"))
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
        try connection.run("INSERT INTO t (name) VALUES (?)", "a")
        let duplicate = try #require(throws: SQLiteError.self) {
            try connection.run("INSERT INTO t (name) VALUES (?)", "a")
        }
        #expect(duplicate.isConstraintViolation && duplicate.isUniqueViolation)
        #expect(duplicate.extendedCode == 2067)
        #expect(duplicate.sql == "INSERT INTO t (name) VALUES (?)")
        let missing = try #require(throws: SQLiteError.self) {
            try connection.run("INSERT INTO t (name) VALUES (?)", nil)
        }
        #expect(missing.isConstraintViolation && !missing.isUniqueViolation)
        #expect(missing.description.contains("NOT NULL constraint failed: t.name"))
    }

    @Test("a failing statement inside a script names that statement")
    func scriptError() throws {
        let connection = try Connection(path: ":memory:")
        let error = try #require(throws: SQLiteError.self) {
            try connection.execute("CREATE TABLE a (x); INSERT INTO nowhere VALUES (1); CREATE TABLE b (x);")
        }
        #expect(error.sql == "INSERT INTO nowhere VALUES (1); CREATE TABLE b (x);")
        #expect(try connection.query("SELECT name FROM sqlite_schema").map { try $0.get(0) as String } == ["a"])
    }

    @Test("opening a file in a missing directory fails with SQLITE_CANTOPEN")
    func cannotOpen() throws {
        let directory = try TestDirectory()
        let error = try #require(throws: SQLiteError.self) { try Connection(path: directory.path("missing/db.sqlite")) }
        #expect(error.resultCode == 14)
    }

    @Test("a read-only connection refuses writes")
    func readOnly() throws {
        let directory = try TestDirectory()
        let path = directory.path("db.sqlite")
        try Connection(path: path).execute("CREATE TABLE t (x)")
        let reader = try Connection(path: path, options: .readOnly)
        let error = try #require(throws: SQLiteError.self) { try reader.run("INSERT INTO t VALUES (1)") }
        #expect(error.resultCode == 8)
    }

    @Test("the wrong number of arguments is refused before running", arguments: [0, 2])
    func argumentCount(count: Int) throws {
        let connection = try Connection(path: ":memory:")
        let error = try #require(throws: SQLiteError.self) {
            try connection.run("SELECT ?", arguments: Array(repeating: 1, count: count))
        }
        #expect(error.message == "expected 1 arguments, got \(count)")
    }

    @Test(
        "reading a column as the wrong type throws a mismatch naming the column",
        arguments: [
            ("SELECT NULL AS c", "is NULL"),
            ("SELECT 'text' AS c", "holds TEXT \"text\""),
            ("SELECT x'00ff' AS c", "holds BLOB of 2 bytes"),
        ])
    func mismatch(sql: String, problem: String) throws {
        let connection = try Connection(path: ":memory:")
        let row = try #require(try connection.first(sql))
        let error = try #require(throws: SQLiteError.self) { try row.get("c") as Int }
        #expect(error.resultCode == 20)
        #expect(error.message.contains("column 0 (c) \(problem)"))
        #expect(error.sql == sql)
    }
}
