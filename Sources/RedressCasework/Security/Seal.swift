/// Authenticated encryption from SHA-256 alone, for data that must be kept but must not be
/// readable without a secret the database does not hold (a stored response carrying a new API key
/// or tracking code, sealed with a key derived from the caller's own API key).
///
/// Encrypt-then-MAC: a random 16-byte nonce gives each seal keys of its own, derived with
/// HMAC-SHA256 from the secret; the keystream is SHA-256 of the encryption key and a 64-bit block
/// counter (a pseudorandom function on fixed-length input), XORed with the plaintext; an
/// HMAC-SHA256 of the nonce and ciphertext under the authentication key closes it. Layout:
/// nonce (16) | ciphertext (as long as the plaintext) | tag (32).
public enum Seal {
    public static let nonceLength = 16
    public static let tagLength = 32

    /// `plaintext` sealed under `secret`.
    public static func seal(_ plaintext: [UInt8], secret: [UInt8]) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<nonceLength / 8).flatMap { _ in bytes(of: generator.next()) }
        let keys = Keys(secret: secret, nonce: nonce)
        var sealed = nonce + keys.cipher(plaintext)
        sealed += HMAC.sha256(key: keys.authentication, sealed)
        return sealed
    }

    /// The plaintext `sealed` holds, or nil when it was not sealed under `secret` or has been altered.
    public static func open(_ sealed: [UInt8], secret: [UInt8]) -> [UInt8]? {
        guard sealed.count >= nonceLength + tagLength else { return nil }
        let body = Array(sealed[..<(sealed.count - tagLength)])
        let keys = Keys(secret: secret, nonce: Array(body[..<nonceLength]))
        guard Secret.constantTimeEqual(HMAC.sha256(key: keys.authentication, body), Array(sealed[body.count...])) else {
            return nil
        }
        return keys.cipher(body[nonceLength...])
    }

    private struct Keys {
        let encryption: [UInt8]
        let authentication: [UInt8]

        init(secret: [UInt8], nonce: [UInt8]) {
            encryption = HMAC.sha256(key: secret, Array("redress seal encryption".utf8) + nonce)
            authentication = HMAC.sha256(key: secret, Array("redress seal authentication".utf8) + nonce)
        }

        /// The text XORed with the keystream: encrypts and decrypts alike.
        func cipher(_ text: some Collection<UInt8>) -> [UInt8] {
            var output = Array(text)
            for start in stride(from: 0, to: output.count, by: 32) {
                let block = SHA256.digest(encryption + Seal.bytes(of: UInt64(start / 32)))
                for offset in start..<min(start + 32, output.count) { output[offset] ^= block[offset - start] }
            }
            return output
        }
    }

    /// A 64-bit number's eight bytes, most significant first.
    private static func bytes(of value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }
}
