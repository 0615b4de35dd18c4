import TestClient
import Testing
import SQLite

@Suite struct BindingTests {
    static let values: [SQLiteValue] = [
        .null,
        .integer(0),
        .integer(.min),
        .integer(.max),
        .real(-0.5),
        .real(1e300),
        .text(""),
        .text("plain"),
        .text("nul\u{0}inside\u{0}"),
        .text("ünïcödé ✓ 🚀"),
        .blob([]),
        .blob([0, 1, 0, 255]),
        .blob((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    ]

    @Test("every storage class reads back exactly as it was bound", arguments: values)
    func roundTrip(value: SQLiteValue) throws {
        let directory = try TestDirectory()
        let connection = try Connection(path: directory.path("db.sqlite"))
        try connection.execute("CREATE TABLE t (v)")
        try connection.run("INSERT INTO t (v) VALUES (?)", value)
        let row = try #require(try connection.first("SELECT v FROM t"))
        #expect(row[0] == value)
    }

    @Test("Swift types bind to their storage class and decode back")
    func swiftTypes() throws {
        let connection = try Connection(path: ":memory:")
        let bytes: [UInt8] = [9, 0, 9]
        let missing: String? = nil
        let row = try #require(
            try connection.first("SELECT ?, ?, ?, ?, ?, ?, ?", 42, Int64(-7), 2.5, "text", bytes, true, missing))
        #expect(
            row.values == [.integer(42), .integer(-7), .real(2.5), .text("text"), .blob(bytes), .integer(1), .null])
        #expect(try row.get(0) as Int == 42)
        #expect(try row.get(1) as Int64 == -7)
        #expect(try row.get(2) as Double == 2.5)
        #expect(try row.get(3) as String == "text")
        #expect(try row.get(4) as [UInt8] == bytes)
        #expect(try row.get(5) as Bool == true)
        #expect(try row.get(6) as String? == nil)
    }

    @Test("columns are found by name regardless of case")
    func columnsByName() throws {
        let connection = try Connection(path: ":memory:")
        let row = try #require(try connection.first("SELECT 1 AS Answer, NULL AS missing"))
        #expect(row.columnNames == ["Answer", "missing"])
        #expect(try row.get("answer") as Int == 1)
        #expect(try row.get("MISSING") as Int? == nil)
    }

    @Test("an array of arguments binds like a variadic list")
    func argumentArrays() throws {
        let connection = try Connection(path: ":memory:")
        try connection.execute("CREATE TABLE t (a, b)")
        try connection.run("INSERT INTO t VALUES (?, ?)", arguments: [1, "one"])
        let rows = try connection.query("SELECT a, b FROM t WHERE a = ?", arguments: [1])
        #expect(rows.map(\.values) == [[.integer(1), .text("one")]])
    }
}
