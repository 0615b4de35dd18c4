/// HMAC-SHA256 (RFC 2104, FIPS 198-1): a keyed digest, for deriving keys and authenticating
/// sealed data.
public enum HMAC {
    private static let blockSize = 64

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    public static func sha256(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        // A key longer than a block is replaced by its digest; a shorter one is padded with zeros.
        var block = key.count > blockSize ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5c } + inner)
    }
}
