import SQLite

/// One numbered schema change; versions run 1, 2, 3... and each is applied once, in order.
public struct Migration: Sendable {
    /// The schema version this migration brings the database to.
    public let version: Int
    /// A short description recorded with the version.
    public let name: String
    /// Applies the change; it runs inside the migration transaction on the writer connection.
    public let apply: @Sendable (Connection) throws -> Void

    /// A migration that runs Swift code.
    public init(version: Int, name: String, apply: @escaping @Sendable (Connection) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration that runs an SQL script.
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name) { try $0.execute(sql) }
    }
}
