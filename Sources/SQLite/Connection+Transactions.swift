internal import CSystem

extension Connection {
    /// How a transaction takes its locks (https://sqlite.org/lang_transaction.html).
    public enum TransactionKind: Sendable {
        /// Locks are taken by the first read or write.
        case deferred
        /// The write lock is taken at BEGIN, so a later write cannot fail with SQLITE_BUSY half-way through.
        case immediate
        /// Like immediate; in WAL mode the two are the same.
        case exclusive

        var beginStatement: String {
            switch self {
            case .deferred: "BEGIN DEFERRED"
            case .immediate: "BEGIN IMMEDIATE"
            case .exclusive: "BEGIN EXCLUSIVE"
            }
        }
    }

    /// Whether a transaction is open (the connection is not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it (or COMMIT) throws.
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> T) throws -> T {
        try run(kind.beginStatement)
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            forgetAttachments()
            // Some errors (SQLITE_FULL, SQLITE_IOERR...) already rolled the transaction back
            // (https://sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction).
            if isInTransaction { try? run("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` inside a savepoint: released when it returns, rolled back to (and released) when it throws.
    ///
    /// Outside a transaction the savepoint opens a deferred one. `name` must be a plain identifier.
    public func savepoint<T>(_ name: String = "nested", _ body: () throws -> T) throws -> T {
        // A savepoint name cannot be a bound parameter, so only identifier characters may reach the SQL.
        precondition(
            name.first.map { $0.isLetter || $0 == "_" } == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") },
            "savepoint name must be an ASCII identifier"
        )
        try run("SAVEPOINT \(name)")
        do {
            let result = try body()
            try run("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            forgetAttachments()
            // ROLLBACK TO keeps the savepoint open, so RELEASE ends it (https://sqlite.org/lang_savepoint.html).
            try run("ROLLBACK TO SAVEPOINT \(name)")
            try run("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }
}
