/// A Swift type that binds to a statement parameter and decodes from a column.
public protocol SQLiteValueConvertible: Sendable {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
    /// The Swift value a column holds, or nil when its storage class does not fit this type.
    init?(sqliteValue: SQLiteValue)
    /// The same, read straight from a statement's current row; the default goes through
    /// `init(sqliteValue:)`.
    init?(_ column: Column)
}

extension SQLiteValueConvertible {
    public init?(_ column: Column) {
        self.init(sqliteValue: column.value)
    }
}

/// One statement argument: a convertible value, or nil for SQL NULL.
public typealias SQLiteArgument = (any SQLiteValueConvertible)?

extension SQLiteValue: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { self }
    public init?(sqliteValue: SQLiteValue) { self = sqliteValue }
}

extension Int64: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value
    }
    public init?(_ column: Column) {
        guard let value = column.integer else { return nil }
        self = value
    }
}

extension Int: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public init?(sqliteValue: SQLiteValue) {
        guard let value = Int64(sqliteValue: sqliteValue) else { return nil }
        self.init(exactly: value)
    }
    public init?(_ column: Column) {
        guard let value = column.integer else { return nil }
        self.init(exactly: value)
    }
}

extension Bool: SQLiteValueConvertible {
    // SQLite has no boolean class; TRUE and FALSE are the integers 1 and 0 (https://sqlite.org/datatype3.html#boolean_datatype).
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    public init?(sqliteValue: SQLiteValue) {
        guard let value = Int64(sqliteValue: sqliteValue) else { return nil }
        self = value != 0
    }
    public init?(_ column: Column) {
        guard let value = column.integer else { return nil }
        self = value != 0
    }
}

extension Double: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .real(self) }
    public init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case .real(let value): self = value
        // A REAL column stores integral values as integers on disk (https://sqlite.org/datatype3.html#storage_classes_and_datatypes).
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
    public init?(_ column: Column) {
        guard let value = column.real else { return nil }
        self = value
    }
}

extension String: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .text(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .text(let value) = sqliteValue else { return nil }
        self = value
    }
    public init?(_ column: Column) {
        guard let value = column.text else { return nil }
        self = value
    }
}

extension Array: SQLiteValueConvertible where Element == UInt8 {
    public var sqliteValue: SQLiteValue { .blob(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .blob(let value) = sqliteValue else { return nil }
        self = value
    }
    public init?(_ column: Column) {
        guard let value = column.blob else { return nil }
        self = value
    }
}
