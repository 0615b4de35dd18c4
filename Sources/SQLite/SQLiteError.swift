internal import CSystem

/// A failed SQLite call: its result codes, SQLite's message, and the SQL it was running.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary result code, such as 19 for SQLITE_CONSTRAINT (https://sqlite.org/rescode.html).
    public let resultCode: Int32
    /// The extended result code, such as 2067 for SQLITE_CONSTRAINT_UNIQUE.
    public let extendedCode: Int32
    /// SQLite's English description of the failure.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// An error from its parts; the primary code is derived from the extended one.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        // The low byte of an extended code is its primary code (https://sqlite.org/rescode.html#extrc).
        self.resultCode = extendedCode & 0xFF
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Whether a constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY...) refused the change.
    public var isConstraintViolation: Bool { resultCode == SQLITE_CONSTRAINT }

    /// Whether a UNIQUE or PRIMARY KEY constraint refused the change.
    public var isUniqueViolation: Bool {
        extendedCode == csystem_SQLITE_CONSTRAINT_UNIQUE || extendedCode == csystem_SQLITE_CONSTRAINT_PRIMARYKEY
    }

    /// Whether another connection held a lock for longer than the busy timeout.
    public var isBusy: Bool { resultCode == SQLITE_BUSY }

    /// Whether the disk (or the file system's quota) had no room for what had to be written: SQLite
    /// reports a write that found no space as SQLITE_FULL (https://sqlite.org/rescode.html#full).
    public var isStorageFull: Bool { resultCode == SQLITE_FULL }

    public var description: String {
        var text = "SQLite error \(resultCode) (extended \(extendedCode)): \(message)"
        if let sql { text += " in \"\(sql)\"" }
        return text
    }
}

extension SQLiteError {
    /// The error a connection reports for its most recent failed call.
    init(connection handle: OpaquePointer, sql: String?) {
        self.init(
            extendedCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)),
            sql: sql
        )
    }

    /// A result code with the connection's message, for calls such as backup_init that report through the handle.
    init(code: Int32, connection handle: OpaquePointer?, sql: String?) {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        self.init(extendedCode: code, message: message, sql: sql)
    }
}
