/// Random secrets (API keys, tracking codes) and the constant-time comparison of their digests.
public enum Secret {
    /// 56 letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I).
    public static let mixedCase = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
    /// 32 upper-case letters and digits, easy to read aloud over the phone (no 0/O, 1/I).
    public static let upperCase = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)

    /// `count` characters drawn uniformly from `alphabet` (at most 256 characters), using the
    /// system's cryptographically secure generator (getrandom(2) on Linux).
    public static func random(count: Int, from alphabet: [UInt8] = mixedCase) -> String {
        // Each byte of randomness picks a character when it falls below the largest multiple of
        // the alphabet's size, so that every character is equally likely; eight bytes come from
        // one call to the generator, where drawing each character alone would cost a system call.
        let limit = 256 - 256 % alphabet.count
        var generator = SystemRandomNumberGenerator()
        var characters: [UInt8] = []
        characters.reserveCapacity(count)
        while characters.count < count {
            var bytes = generator.next()
            for _ in 0..<8 where characters.count < count {
                let byte = Int(bytes & 0xFF)
                bytes >>= 8
                if byte < limit { characters.append(alphabet[byte % alphabet.count]) }
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Whether two byte strings are equal, taking the same time wherever they first differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in constantTimeEqual(a, b) } }
    }

    /// Whether two strings have the same UTF-8 bytes, taking the same time wherever they first differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { a in b.withUTF8 { b in constantTimeEqual(a, b) } }
    }

    private static func constantTimeEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
