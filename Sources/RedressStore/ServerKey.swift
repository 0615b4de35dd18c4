import Foundation
import Synchronization

/// The server's own secret: 32 random bytes in a file beside the database (`<database>.key`,
/// mode 0600), made on first use. Secrets the service must use again but must not store in
/// plaintext (a webhook's signing secret) are sealed with keys derived from it, so the database
/// file, its WAL and its backups (`redress backup` copies the database alone) do not reveal them;
/// the key file is backed up apart from them. An in-memory database's key lives in memory only.
public final class ServerKey: Sendable {
    /// Why the key could not be read or made.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where the key is kept; nil for an in-memory database.
    public let path: String?
    private let loaded = Mutex<[UInt8]?>(nil)
    static let length = 32

    /// The key of the database at `databasePath`; nothing is read or made until it is first used.
    public init(databasePath: String) {
        path = databasePath == ":memory:" ? nil : databasePath + ".key"
    }

    /// The key's bytes, read from its file, or made and stored there when there is none.
    public func bytes() throws -> [UInt8] {
        try loaded.withLock { loaded in
            if let loaded { return loaded }
            let key = try path.map(Self.readOrCreate) ?? Self.random()
            loaded = key
            return key
        }
    }

    private static func random() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<length / 8).flatMap { _ in
            let word = generator.next()
            return (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
        }
    }

    /// Reads the key file, or makes it: the key is written whole to a private file of its own,
    /// then linked into place, which fails when another process linked its key first, whose key
    /// is then read. So no process ever reads a key half written.
    private static func readOrCreate(_ path: String) throws -> [UInt8] {
        if let existing = try read(path) { return existing }
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): errno \(errno)") }
        defer { unlink(temporary) }
        let key = random()
        let written = key.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == key.count, synced == 0 else { throw Failure(description: "cannot write \(temporary)") }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw Failure(description: "cannot create \(path): errno \(errno)")
        }
        guard let stored = try read(path) else { throw Failure(description: "\(path) vanished") }
        return stored
    }

    private static func read(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count == length else {
            throw Failure(description: "\(path) holds \(bytes.count) bytes, not a \(length)-byte key")
        }
        return bytes
    }
}
