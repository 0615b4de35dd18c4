internal import CSystem

/// A compiled statement, finalized when released (https://sqlite.org/c3ref/stmt.html).
public final class Statement {
    /// The SQL text the statement was compiled from.
    public let sql: String
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    private lazy var layout = Row.Layout(
        sql: sql,
        columnNames: (0..<sqlite3_column_count(handle)).map {
            String(cString: sqlite3_column_name(handle, $0))
        })

    /// Compiles the first statement in `text`, setting `tail` to what follows; nil when only whitespace or comments remain.
    init?(connection: Connection, sql text: UnsafePointer<CChar>, tail: inout UnsafePointer<CChar>?) throws {
        var compiled: OpaquePointer?
        let code = sqlite3_prepare_v2(connection.handle, text, -1, &compiled, &tail)
        // On failure the tail marks where parsing stopped, not where the statement ends: report all the rest.
        let end = code == SQLITE_OK ? tail : nil
        let sql = Self.trimmed(
            end.map {
                String(decoding: UnsafeRawBufferPointer(start: text, count: text.distance(to: $0)), as: UTF8.self)
            }
                ?? String(cString: text))
        try connection.check(code, sql: sql)
        guard let compiled else { return nil }
        self.sql = sql
        self.handle = compiled
        self.connection = connection.handle
    }

    deinit { sqlite3_finalize(handle) }

    /// How many `?` parameters the statement takes.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The result columns' names.
    public var columnNames: [String] { layout.columnNames }

    /// Rewinds the statement and binds `arguments` to its parameters in order.
    public func bind(_ arguments: [SQLiteArgument]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard arguments.count == parameterCount else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "expected \(parameterCount) arguments, got \(arguments.count)",
                sql: sql
            )
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument?.sqliteValue ?? .null, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the parameter at a 1-based index.
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(handle, index, real)
        case .text(var text):
            // An explicit byte length keeps NUL characters; a nil pointer would bind NULL, hence "" when empty.
            code = try text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else {
                    return csystem_sqlite3_bind_text_transient(handle, index, "", 0)
                }
                return try base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    try csystem_sqlite3_bind_text_transient(handle, index, $0, length(bytes.count))
                }
            }
        case .blob(let bytes):
            code = try bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return sqlite3_bind_zeroblob(handle, index, 0) }
                return try csystem_sqlite3_bind_blob_transient(handle, index, base, length(raw.count))
            }
        }
        guard code == SQLITE_OK else { throw SQLiteError(connection: connection, sql: sql) }
    }

    /// Runs the statement to completion with `arguments`, discarding any rows.
    public func run(_ arguments: [SQLiteArgument]) throws {
        try bind(arguments)
        defer { rewind() }
        while try step() {}
    }

    /// Every row the statement yields for `arguments`.
    public func rows(_ arguments: [SQLiteArgument]) throws -> [Row] {
        try bind(arguments)
        defer { rewind() }
        var rows: [Row] = []
        while try step() { rows.append(currentRow()) }
        return rows
    }

    /// The first row the statement yields for `arguments`, or nil.
    public func first(_ arguments: [SQLiteArgument]) throws -> Row? {
        try first(arguments) { $0.copied() }
    }

    /// Every row the statement yields for `arguments`, each read in place by `decode`.
    public func rows<T>(_ arguments: [SQLiteArgument], _ decode: (CurrentRow) throws -> T) throws -> [T] {
        var rows: [T] = []
        try forEachRow(arguments) {
            rows.append(try decode($0)); return true
        }
        return rows
    }

    /// Calls `body` with each row the statement yields for `arguments`, read in place, until it
    /// returns false.
    public func forEachRow(_ arguments: [SQLiteArgument], _ body: (CurrentRow) throws -> Bool) throws {
        try bind(arguments)
        defer { rewind() }
        while try step() {
            guard try body(CurrentRow(statement: self)) else { return }
        }
    }

    /// The first row the statement yields for `arguments`, read in place by `decode`, or nil.
    public func first<T>(_ arguments: [SQLiteArgument], _ decode: (CurrentRow) throws -> T) throws -> T? {
        try bind(arguments)
        defer { rewind() }
        return try step() ? decode(CurrentRow(statement: self)) : nil
    }

    /// Advances to the next row: true when there is one, false when the statement is done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(connection: connection, sql: sql)
        }
    }

    /// The row the last `step()` stopped on, copied.
    public func currentRow() -> Row {
        Row(
            layout: layout,
            values: (0..<Int32(layout.columnNames.count)).map { Column(statement: handle, index: $0).value })
    }

    /// The row the last `step()` stopped on, read in place.
    public var current: CurrentRow { CurrentRow(statement: self) }

    /// Column `index` (0-based) of the current row.
    @usableFromInline
    func column(_ index: Int) -> Column {
        Column(statement: handle, index: Int32(index))
    }

    /// The error for a column that does not hold what its reader expected.
    @usableFromInline
    func mismatch(_ index: Int, _ problem: String) -> SQLiteError {
        layout.mismatch(index, problem)
    }

    /// Resets the statement and drops its bound values, so that a large bound blob is not kept alive in the cache.
    private func rewind() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private static func trimmed(_ sql: String) -> String {
        let isSpace = { (character: Character) in character.isWhitespace }
        return String(sql.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    private func length(_ count: Int) throws -> Int32 {
        guard let length = Int32(exactly: count) else {
            throw SQLiteError(
                extendedCode: SQLITE_TOOBIG, message: "a value of \(count) bytes is too large to bind", sql: sql)
        }
        return length
    }
}
