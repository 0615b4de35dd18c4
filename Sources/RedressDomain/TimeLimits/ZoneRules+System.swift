#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The one place time-zone rules are read from outside: the system's TZif files. Everything else
// about zones works on the `ZoneRules` value this returns.
extension ZoneRules {
    /// Where the system keeps its TZif files.
    public static let systemDirectory = "/usr/share/zoneinfo"

    /// The rules of the IANA zone `identifier` (`Asia/Shanghai`, `America/New_York`, `UTC`) from the
    /// system's time-zone database; nil when the name is not one it has. Reads a file each call.
    /// `UTC` is known even on a system without the database.
    public static func system(_ identifier: String) -> ZoneRules? {
        guard isIdentifier(identifier), let bytes = readFile("\(systemDirectory)/\(identifier)") else {
            return identifier == "UTC" ? .utc : nil
        }
        return ZoneRules(identifier: identifier, tzif: bytes)
    }

    /// Whether `identifier` is spelled like an IANA zone name: `/`-separated parts of ASCII letters,
    /// digits, `_`, `-` and `+`, none starting with `.` or `-`, so that it cannot leave the directory.
    public static func isIdentifier(_ identifier: String) -> Bool {
        let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...255).contains(identifier.utf8.count), (1...4).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "+") else {
                return false
            }
            return part.utf8.allSatisfy { byte in
                (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            }
        }
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
        return nil
    }
}
