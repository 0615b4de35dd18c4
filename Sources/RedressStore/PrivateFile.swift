import Foundation

/// Database files hold personal data (complainants' names, phones, e-mail), so those the service
/// creates are readable by their owner alone.
enum PrivateFile {
    /// Creates an empty file at `path` with mode 0600 unless one exists; an existing file keeps
    /// the mode its owner gave it. SQLite then opens it, and gives its `-wal` and `-shm` files the
    /// same mode (https://sqlite.org/tempfiles.html).
    static func create(atPath path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}
