import Foundation

/// Database files hold personal data (complainants' names, phones, e-mail), so those the service
/// creates are readable by their owner alone.
enum PrivateFile {
    /// Creates an empty file at `path` with mode 0600 unless one exists; an existing file keeps
    /// the mode its owner gave it. SQLite then opens it, and gives its `-wal` and `-shm` files the
    /// same mode (https://sqlite.org/tempfiles.html). Where the file cannot be made (a missing
    /// directory, no permission), nothing is done: SQLite's open fails next, and says why.
    static func create(atPath path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
    }
}
