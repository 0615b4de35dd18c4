internal import CSystem

extension Connection {
    /// Copies this connection's main database over `destination`'s with the online backup API.
    ///
    /// All pages are copied in one step, inside one read transaction, so the copy is a consistent
    /// snapshot even while other connections write (https://sqlite.org/c3ref/backup_finish.html).
    public func backup(to destination: Connection) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(connection: destination.handle, sql: nil)
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, -1)
            // BUSY and LOCKED are transient: the destination is in use; wait briefly and go on.
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else { throw SQLiteError(code: code, connection: destination.handle, sql: nil) }
        try destination.check(finish)
    }
}
