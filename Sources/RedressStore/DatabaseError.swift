import SQLite

/// Why the store refused to open or to take a request (SQLite's own failures are `SQLiteError`s).
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database was migrated by a newer build of redress than this one.
    case newerSchema(found: Int, supported: Int)
    /// The database could not be put in WAL mode (for example on a network file system).
    case walUnavailable(journalMode: String)
    /// The database has been closed.
    case closed
    /// Every reader was lent and the caller would not wait for one.
    case readersBusy
    /// A backup was asked to replace the database it copies.
    case backupOverwritesDatabase(path: String)
    /// Writes fail because the database's disk is full.
    case storageFull

    public var description: String {
        switch self {
        case .newerSchema(let found, let supported):
            "database schema version \(found) is newer than this build supports (\(supported)); upgrade redress"
        case .walUnavailable(let journalMode):
            "the database could not be switched to WAL mode (journal mode is \(journalMode)); is it on a network file system?"
        case .closed:
            "the database is closed"
        case .readersBusy:
            "every reader is busy"
        case .backupOverwritesDatabase(let path):
            "\(path) is the database itself; a backup needs another file"
        case .storageFull:
            "the database's disk is full"
        }
    }
}

extension DatabaseError {
    /// Whether `error` is a write that failed because the database's disk is full.
    public static func isStorageFull(_ error: any Error) -> Bool {
        (error as? SQLiteError)?.isStorageFull == true || error as? DatabaseError == .storageFull
    }
}
