import RedressStore

/// A webhook's signing secret: `whsec_` and 40 random characters (about 232 bits), shown once
/// when the subscription is created. The receiver needs the secret itself to check signatures, so
/// it cannot be stored as a one-way digest; it is stored sealed (`Seal`) under a key derived from
/// the server key (`ServerKey`), a file beside the database that the database, its WAL and its
/// backups do not hold.
public enum WebhookSecret {
    public static let prefix = "whsec_"

    /// A new random secret.
    public static func generate() -> String {
        prefix + Secret.random(count: 40)
    }

    /// `secret` sealed for storage under the server key's bytes.
    public static func seal(_ secret: String, serverKey: [UInt8]) -> [UInt8] {
        Seal.seal(Array(secret.utf8), secret: sealingKey(serverKey))
    }

    /// The secret a stored seal holds, or nil when it was sealed under another server key or altered.
    public static func open(_ sealed: [UInt8], serverKey: [UInt8]) -> String? {
        Seal.open(sealed, secret: sealingKey(serverKey)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func sealingKey(_ serverKey: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: serverKey, Array("redress webhook secrets".utf8))
    }

    /// The `Redress-Signature` value for `body` sent at `timestamp` (Unix seconds):
    /// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>" under the secret's UTF-8 bytes>`.
    public static func signature(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        let mac = HMAC.sha256(key: Array(secret.utf8), Array("\(timestamp).".utf8) + body)
        return "t=\(timestamp),v1=" + hex(mac)
    }

    /// Bytes as lower-case hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
