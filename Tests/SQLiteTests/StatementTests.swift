import TestClient
import Foundation
import Testing
import SQLite

@Suite struct StatementTests {
    @Test("the same SQL returns the same cached statement")
    func caching() throws {
        let connection = try Connection(path: ":memory:")
        let first = try connection.cachedStatement("SELECT ?")
        let second = try connection.cachedStatement("SELECT ?")
        #expect(first === second)
        #expect(try connection.prepare("SELECT ?") !== first)
    }

    @Test("a StatementText finds the same statement as its text, and answers like it")
    func cachingByIdentity() throws {
        let connection = try Connection(path: ":memory:")
        let text = StatementText("SELECT ? + 1")
        let byText = try connection.cachedStatement("SELECT ? + 1")
        #expect(try connection.cachedStatement(text) === byText)
        #expect(try connection.cachedStatement(text) === byText)
        #expect(try connection.first(text, 41, as: { try $0.get(0) as Int }) == 42)
        // Another StatementText with the same SQL shares the compiled statement too.
        #expect(try connection.cachedStatement(StatementText("SELECT ? + 1")) === byText)
    }

    @Test("a row read in place holds what a copied row holds, and refuses the same mismatches")
    func readingInPlace() throws {
        let connection = try Connection(path: ":memory:")
        let sql = "SELECT 42, 2.5, 'plain', '投诉 ✓', '', 'a' || char(0) || 'b', NULL, x'00ff', x'', 7.0"
        let copied = try #require(try connection.first(sql))
        let statement = try connection.prepare(sql)
        let read = try statement.first([]) { row in
            (
                try row.get(0) as Int64, try row.get(1) as Double, try row.get(2) as String, try row.get(3) as String,
                try row.get(4) as String, try row.get(5) as String, try row.get(6) as String?,
                try row.get(7) as [UInt8],
                try row.get(8) as [UInt8], try row.get(9) as Double, try row.get(0) as Double, row.copied().values
            )
        }
        let values = try #require(read)
        #expect(values.0 == 42 && values.1 == 2.5 && values.2 == "plain" && values.3 == "投诉 ✓")
        #expect(values.4 == "" && values.5 == "a\u{0}b" && values.6 == nil && values.7 == [0, 255] && values.8 == [])
        #expect(values.9 == 7 && values.10 == 42)
        #expect(values.11 == copied.values)
        #expect(try copied.get(5) as String == values.5)
        for index in [0, 6] {
            let error = #expect(throws: SQLiteError.self) {
                _ = try statement.first([]) { try $0.get(index) as String }
            }
            #expect(error?.resultCode == 20)  // SQLITE_MISMATCH
            // Named as a copied row names it: the index, the column's name and what it held.
            let copiedError = #expect(throws: SQLiteError.self) { _ = try copied.get(index) as String }
            #expect(error?.message == copiedError?.message)
            #expect(error?.message.hasPrefix("column \(index) (") == true)
        }
    }

    @Test("a database whose text is not UTF-8 is refused at open")
    func utf16Refused() throws {
        let directory = try TestDirectory()
        let path = directory.path("utf16.sqlite")
        do {
            let connection = try Connection(path: path)
            try connection.execute("PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a')")
        }
        let error = #expect(throws: SQLiteError.self) { _ = try Connection(path: path) }
        #expect(error?.message.contains("not UTF-8") == true)
    }

    @Test("a statement can be stepped by hand and rebound")
    func stepping() throws {
        let connection = try Connection(path: ":memory:")
        let statement = try connection.prepare(
            "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < ?) SELECT value FROM s"
        )
        #expect(statement.parameterCount == 1)
        #expect(statement.columnNames == ["value"])
        try statement.bind([3])
        var seen: [SQLiteValue] = []
        while try statement.step() { seen.append(statement.currentRow()[0]) }
        #expect(seen == [.integer(1), .integer(2), .integer(3)])
        #expect(try statement.rows([1]).map(\.values) == [[.integer(1)]])
    }

    @Test("a script runs every statement and skips comments")
    func scripts() throws {
        let connection = try Connection(path: ":memory:")
        try connection.execute(
            """
            -- two tables
            CREATE TABLE a (x); CREATE TABLE b (x);
            INSERT INTO a VALUES (1); /* trailing comment */
            """)
        #expect(try connection.first("SELECT count(*) FROM sqlite_schema")?[0] == .integer(2))
        #expect(connection.lastInsertRowID == 1)
    }

    @Test("preparing an empty string is refused")
    func emptyPrepare() throws {
        let connection = try Connection(path: ":memory:")
        #expect(throws: SQLiteError.self) { try connection.prepare("  -- nothing") }
    }

    @Test("a statement outliving its closed connection is still finalized safely, and then the database closes")
    func statementOutlivesConnection() throws {
        let directory = try TestDirectory()
        let path = directory.path("zombie.sqlite")
        let connection = try Connection(path: path)
        try connection.execute("PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        try withExtendedLifetime(connection.prepare("SELECT x FROM t")) {
            connection.close()
            connection.close()
            // The unfinalized statement keeps the database open (sqlite3_close_v2), so its WAL remains.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        // Finalizing it completed the close: the last connection removes the WAL.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }
}
