import Foundation

/// Whether the file system holding the database has room, asked of the file system itself.
enum DiskSpace {
    /// Whether `bytes` can be allocated in the directory of `file`: a temporary file there is given
    /// that many bytes with posix_fallocate(3), which fails with ENOSPC where they do not fit, and
    /// is removed again.
    static func canAllocate(_ bytes: Int, besideFile file: String) -> Bool {
        let probe = file + ".space-probe"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        defer {
            close(descriptor)
            unlink(probe)
        }
        return posix_fallocate(descriptor, 0, off_t(bytes)) == 0
    }
}
