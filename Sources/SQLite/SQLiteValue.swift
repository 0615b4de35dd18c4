/// One value as SQLite stores it: its five storage classes (https://sqlite.org/datatype3.html).
public enum SQLiteValue: Sendable, Hashable {
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
    public var isNull: Bool { self == .null }
}
