/// A password as stored: PBKDF2-HMAC-SHA256 with a random 16-byte salt, written with its
/// parameters (`pbkdf2-sha256$600000$<salt, hex>$<hash, hex>`), so that the iteration count can be
/// raised later and hashes made before still verify (and are made again at the next login).
public struct PasswordHash: Sendable, Equatable {
    public static let scheme = "pbkdf2-sha256"
    /// The iteration count new hashes use unless told otherwise: OWASP's figure for
    /// PBKDF2-HMAC-SHA256 (2023).
    public static let defaultIterations = 600_000
    public static let saltLength = 16
    public static let hashLength = 32

    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// The hash of `password` with a new random salt. It takes as long as the iterations say
    /// (about half a second at 600,000): run it on a worker, never on an event loop or
    /// inside a write.
    public init(of password: String, iterations: Int = defaultIterations) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength / 8).flatMap { _ in
            let word = generator.next()
            return (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
        }
        self.init(iterations: iterations, salt: salt, hash: Self.derive(password, salt: salt, iterations: iterations))
    }

    private init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// A stored hash read back; nil when it is not of this form.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, parts[1].allSatisfy(\.isASCIIDigit),
            let iterations = Int(parts[1]), iterations >= 1,
            let salt = Self.bytes(hex: parts[2]), !salt.isEmpty,
            let hash = Self.bytes(hex: parts[3]), hash.count == Self.hashLength
        else { return nil }
        self.init(iterations: iterations, salt: salt, hash: hash)
    }

    /// The form stored in the database.
    public var encoded: String {
        "\(Self.scheme)$\(iterations)$\(Self.hex(salt))$\(Self.hex(hash))"
    }

    /// Whether `password` is the one hashed, compared in constant time; as slow as making it.
    public func verifies(_ password: String) -> Bool {
        Secret.constantTimeEqual(Self.derive(password, salt: salt, iterations: iterations), hash)
    }

    /// A hash no password is known for, verified against when a login names nobody, so that the
    /// answer takes as long as for a real account.
    public static func standIn(iterations: Int) -> PasswordHash {
        PasswordHash(
            iterations: iterations, salt: [UInt8](repeating: 0x5a, count: saltLength),
            hash: [UInt8](repeating: 0, count: hashLength))
    }

    private static func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, length: hashLength)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}

/// The rules for passwords people choose, and the ones generated for them.
public enum Password {
    /// NIST SP 800-63B asks for at least 8; 10 leaves room for phrases without forcing symbols.
    public static let minimumLength = 10
    /// Long enough for any passphrase; every iteration costs the same whatever the length.
    public static let maximumLength = 200

    /// A new password of 20 letters and digits (about 116 bits).
    public static func generate() -> String {
        Secret.random(count: 20)
    }

    /// Why `password` cannot be used, or nil when it can: its length in code points (as JSON
    /// Schema counts), and no control character (U+0000–U+001F, U+007F–U+009F), tab and line
    /// breaks included.
    public static func problem(_ password: String) -> String? {
        let count = password.unicodeScalars.count
        if count < minimumLength { return "must be at least \(minimumLength) characters" }
        if count > maximumLength { return "must be at most \(maximumLength) characters" }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "must not contain control characters"
        }
        return nil
    }
}
