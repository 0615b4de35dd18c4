internal import CSystem

/// The row a statement stands on after a step, read in place: no `Row`, no `SQLiteValue` per
/// column. Valid only until the statement steps again or is reset, so it is handed to a closure
/// and must not outlive it; copy it with `copied()` to keep it.
public struct CurrentRow {
    @usableFromInline let statement: Statement

    init(statement: Statement) {
        self.statement = statement
    }

    /// The column at `index`, read in place.
    public func column(_ index: Int) -> Column { statement.column(index) }

    /// The row, copied out of the statement.
    public func copied() -> Row { statement.currentRow() }

    /// The column at `index` as a non-NULL value of type `T`; throws SQLITE_MISMATCH for NULL or another storage class.
    @inlinable
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard let value = try get(index, as: Optional<T>.self) else {
            throw statement.mismatch(index, "is NULL, expected \(T.self)")
        }
        return value
    }

    /// The column at `index` as `T`, or nil for NULL; throws SQLITE_MISMATCH for another storage class.
    @inlinable
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T?.Type = T?.self) throws -> T? {
        let column = statement.column(index)
        if column.isNull { return nil }
        guard let value = T(column) else {
            throw statement.mismatch(index, "holds \(column.value), expected \(T.self)")
        }
        return value
    }
}

/// One column of the row a statement stands on, read by type without going through `SQLiteValue`.
public struct Column {
    let statement: OpaquePointer
    let index: Int32

    init(statement: OpaquePointer, index: Int32) {
        self.statement = statement
        self.index = index
    }

    private var type: Int32 { sqlite3_column_type(statement, index) }

    /// Whether the column is NULL.
    public var isNull: Bool { type == SQLITE_NULL }

    /// The integer, if the column holds one.
    public var integer: Int64? {
        type == SQLITE_INTEGER ? sqlite3_column_int64(statement, index) : nil
    }

    /// The number, if the column holds a real or an integer (a REAL column stores integral
    /// values as integers on disk: https://sqlite.org/datatype3.html#storage_classes_and_datatypes).
    public var real: Double? {
        switch type {
        case SQLITE_FLOAT, SQLITE_INTEGER: sqlite3_column_double(statement, index)
        default: nil
        }
    }

    /// The text, if the column holds text.
    public var text: String? {
        withUTF8 { String(decoding: $0, as: UTF8.self) }
    }

    /// `body`'s result over the text's UTF-8 bytes as stored, if the column holds text; the bytes
    /// are valid only during the call.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard type == SQLITE_TEXT else { return nil }
        // sqlite3_column_text copies text stored in a page to give it a NUL terminator, one
        // allocation per column; the blob accessor hands over the stored bytes as they are, which
        // are UTF-8 because `Connection` opens only UTF-8 databases. Pointer before length, as
        // https://sqlite.org/c3ref/column_blob.html advises; empty text comes back as NULL.
        let bytes = sqlite3_column_blob(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        return try body(
            UnsafeBufferPointer(start: bytes?.assumingMemoryBound(to: UInt8.self), count: bytes == nil ? 0 : count))
    }

    /// The bytes, if the column holds a blob.
    public var blob: [UInt8]? {
        guard type == SQLITE_BLOB else { return nil }
        // A zero-length blob comes back as a NULL pointer.
        guard let bytes = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, index))))
    }

    /// The value, whatever its storage class.
    public var value: SQLiteValue {
        switch type {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: text.map(SQLiteValue.text) ?? .null
        case SQLITE_BLOB: blob.map(SQLiteValue.blob) ?? .null
        default: .null
        }
    }
}
