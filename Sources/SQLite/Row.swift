internal import CSystem

/// One result row, copied out of its statement so that it outlives the next step.
public struct Row: Sendable {
    /// What every row of one statement shares: its SQL and column names.
    final class Layout: Sendable {
        /// The statement's SQL, for error messages.
        let sql: String
        /// The result columns' names.
        let columnNames: [String]

        /// The layout of a statement's rows.
        init(sql: String, columnNames: [String]) {
            self.sql = sql
            self.columnNames = columnNames
        }

        /// The error for a column that does not hold what its reader expected.
        @usableFromInline
        func mismatch(_ index: Int, _ problem: String) -> SQLiteError {
            SQLiteError(
                extendedCode: SQLITE_MISMATCH, message: "column \(index) (\(columnNames[index])) \(problem)", sql: sql)
        }
    }

    private let layout: Layout
    /// The row's values, in column order.
    public let values: [SQLiteValue]

    /// A row of `layout` holding `values`.
    init(layout: Layout, values: [SQLiteValue]) {
        self.layout = layout
        self.values = values
    }

    /// The result columns' names.
    public var columnNames: [String] { layout.columnNames }

    /// The raw value of the column at a 0-based index.
    public subscript(index: Int) -> SQLiteValue { values[index] }

    // The typed getters are inlinable so that callers in other modules get them specialised for
    // their concrete types, instead of paying for generic metadata on every column of every row.

    /// The column at `index` as a non-NULL value of type `T`; throws SQLITE_MISMATCH for NULL or another storage class.
    @inlinable
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard let value = try get(index, as: Optional<T>.self) else {
            throw mismatch(index, "is NULL, expected \(T.self)")
        }
        return value
    }

    /// The column at `index` as `T`, or nil for NULL; throws SQLITE_MISMATCH for another storage class.
    @inlinable
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T?.Type = T?.self) throws -> T? {
        let value = values[index]
        if value.isNull { return nil }
        guard let converted = T(sqliteValue: value) else {
            throw mismatch(index, "holds \(value), expected \(T.self)")
        }
        return converted
    }

    /// The named column as a non-NULL value of type `T`.
    public func get<T: SQLiteValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        try get(index(of: column), as: type)
    }

    /// The named column as `T`, or nil for NULL.
    public func get<T: SQLiteValueConvertible>(_ column: String, as type: T?.Type = T?.self) throws -> T? {
        try get(index(of: column), as: type)
    }

    private func index(of column: String) throws -> Int {
        // Column names compare case-insensitively, as SQL identifiers do.
        let wanted = column.lowercased()
        guard let index = layout.columnNames.firstIndex(where: { $0.lowercased() == wanted }) else {
            throw SQLiteError(extendedCode: SQLITE_RANGE, message: "no column named \(column)", sql: layout.sql)
        }
        return index
    }

    @usableFromInline
    func mismatch(_ index: Int, _ problem: String) -> SQLiteError {
        layout.mismatch(index, problem)
    }
}
