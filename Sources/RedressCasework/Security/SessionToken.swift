/// Session tokens: 32 random bytes (256 bits) in hex, sent as a cookie and stored only as their
/// SHA-256 digest. The CSRF token that goes with one is derived from it (HMAC-SHA256), so it is
/// bound to the session and stored nowhere.
public enum SessionToken {
    /// A new random token: 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 60, through: 0, by: -4) {
                text.append(digits[Int((word >> UInt64(shift)) & 0xf)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` has a token's form; anything else is never looked up.
    public static func isWellFormed(_ text: Substring) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The digest stored in place of the token.
    public static func digest(of token: String) -> [UInt8] {
        SHA256.digest(Array(token.utf8))
    }

    /// The CSRF token for the session `token` opens: 64 hex digits.
    public static func csrf(for token: String) -> String {
        let mac = HMAC.sha256(key: Array(token.utf8), Array("redress csrf".utf8))
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: mac.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] }, as: UTF8.self)
    }
}
