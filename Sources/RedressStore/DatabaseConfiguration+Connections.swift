import Foundation
import SQLite

extension DatabaseConfiguration {
    /// Opens the read-write connection, creating the directory and file, and sets it up for WAL and durability.
    func openWriter() throws -> Connection {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if path != ":memory:" { PrivateFile.create(atPath: path) }
        // NOMUTEX: the connection is only ever used by one thread at a time, so SQLite's own mutex is wasted work.
        let connection = try Connection(path: path, options: [.readWrite, .create, .noMutex])
        connection.setBusyTimeout(busyTimeout)
        // WAL lets readers run while the writer commits (https://sqlite.org/wal.html); the mode is
        // persistent, but setting it on every open also converts a database created without it.
        let journalMode = try connection.first("PRAGMA journal_mode = WAL").map { try $0.get(0) as String } ?? ""
        guard journalMode.lowercased() == "wal" else { throw DatabaseError.walUnavailable(journalMode: journalMode) }
        // Neither pragma takes bound parameters; both values come from this code's enums, not input.
        try connection.execute("PRAGMA synchronous = \(synchronous.rawValue)")
        try connection.execute("PRAGMA foreign_keys = ON")
        // When a write of a batch fails, the batch runs again with each write in a savepoint, whose
        // undo copies of the pages it changes go to a sub-journal; past 64 KiB SQLite spills that
        // to a temporary file, one pwrite per page and page number. In memory it costs at most
        // the pages one batch changes, freed at commit (https://sqlite.org/tempfiles.html#statement_journals).
        try connection.execute("PRAGMA temp_store = MEMORY")
        return connection
    }

    /// Opens one read-only connection of the pool.
    func openReader() throws -> Connection {
        let connection = try Connection(path: path, options: [.readOnly, .noMutex])
        connection.setBusyTimeout(busyTimeout)
        return connection
    }
}
