import Glibc
import HTTP
import JSON
import Synchronization

/// The service's log: one JSON object per line on standard output.
///
/// Lines are gathered in memory and written in batches, at most `flushInterval` after they were
/// logged, so an access line costs no system call of its own on the request path.
public final class Log: Sendable {
    /// The least severe level written.
    public let level: Configuration.LogLevel
    /// Lines logged and not yet written.
    private let buffer = Mutex<[UInt8]>([])
    private let descriptor: Int32
    private static let flushThreshold = 64 * 1024

    /// A log writing to `descriptor` (standard output by default) at `level` and above.
    public init(level: Configuration.LogLevel, descriptor: Int32 = STDOUT_FILENO) {
        self.level = level
        self.descriptor = descriptor
    }

    /// Whether events at `level` are written, so that a caller can skip building their fields.
    public func writes(_ level: Configuration.LogLevel) -> Bool {
        level >= self.level
    }

    /// Logs one event with its fields at `level`.
    public func write(_ level: Configuration.LogLevel, _ message: String, _ fields: [(String, JSONValue)] = []) {
        guard writes(level) else { return }
        append(line(level, message, fields))
    }

    /// Logs an event operators always need (where the server listens), whatever the level.
    public func announce(_ message: String, _ fields: [(String, JSONValue)] = []) {
        append(line(.info, message, fields))
    }

    private func line(_ level: Configuration.LogLevel, _ message: String, _ fields: [(String, JSONValue)]) -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.field("time", Timestamp.nowWithMilliseconds())
        json.field("level", level.rawValue)
        json.field("message", message)
        for (name, value) in fields {
            json.key(dynamic: name)
            json.value(value)
        }
        json.endObject()
        return json.bytes
    }

    /// Writes everything buffered; called periodically and before exit.
    public func flush() {
        let pending = buffer.withLock { buffer -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        pending.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // A log that cannot be written (a closed pipe, a full disk) loses these lines, not the service.
                guard
                    let written = try? systemCall(
                        "write", { Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset) })
                else { return }
                offset += written
            }
        }
    }

    private func append(_ line: [UInt8]) {
        let full = buffer.withLock { buffer -> Bool in
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
            return buffer.count >= Self.flushThreshold
        }
        if full { flush() }
    }
}
