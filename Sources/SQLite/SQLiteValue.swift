/// One value as SQLite stores it: its five storage classes (https://sqlite.org/datatype3.html).
public enum SQLiteValue: Sendable, Hashable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// A signed 64-bit integer.
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text, which may contain NUL characters.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])

    /// Whether the value is SQL NULL.
    @inlinable
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    // Blobs are summarised: an error message quoting a multi-megabyte value helps no one.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): "INTEGER \(value)"
        case .real(let value): "REAL \(value)"
        case .text(let value): "TEXT \(value.debugDescription)"
        case .blob(let value): "BLOB of \(value.count) bytes"
        }
    }
}
