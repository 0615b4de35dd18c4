import Foundation
import SQLite

extension Database {
    /// Copies the database to `path` while it keeps serving: a consistent snapshot of what was committed.
    ///
    /// The copy is written beside the target and renamed over it, so `path` never holds a partial
    /// backup; it is created readable by its owner alone (mode 0600), as the database is.
    public func backup(to path: String) throws {
        let resolved = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        guard resolved(path) != resolved(configuration.path) else {
            throw DatabaseError.backupOverwritesDatabase(path: path)
        }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            PrivateFile.create(atPath: partial)
            let destination = try Connection(path: partial)
            defer { destination.close() }
            try readers.withConnection { try $0.backup(to: destination) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            let code = POSIXErrorCode(rawValue: errno) ?? .EIO
            try? FileManager.default.removeItem(atPath: partial)
            throw POSIXError(code)
        }
    }
}
