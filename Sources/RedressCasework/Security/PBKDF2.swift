/// PBKDF2 with HMAC-SHA256 as its pseudorandom function (RFC 8018 §5.2), for stretching
/// passwords.
///
/// HMAC's two padded key blocks are hashed once, and each of the iterations then hashes a 32-byte
/// message under each of them: one compression apiece, on words kept on the stack, with no
/// allocation and no byte conversion between iterations.
public enum PBKDF2 {
    /// The `length`-byte key derived from `password` and `salt` in `iterations` rounds.
    public static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        precondition(iterations >= 1 && length >= 1, "PBKDF2 needs at least one iteration and one byte")
        // HMAC (RFC 2104): a key longer than a block is replaced by its digest; a shorter one is
        // padded with zeros.
        var key = password.count > 64 ? SHA256.digest(password) : password
        key += [UInt8](repeating: 0, count: 64 - key.count)
        var inner = SHA256.State.initial
        var outer = SHA256.State.initial
        var derived: [UInt8] = []
        derived.reserveCapacity(length + 32)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { buffer in
            let words = buffer.baseAddress!
            key.withUnsafeBytes { SHA256.load(words, from: $0) }
            for index in 0..<16 { words[index] ^= 0x3636_3636 }
            SHA256.compress(&inner, words)
            key.withUnsafeBytes { SHA256.load(words, from: $0) }
            for index in 0..<16 { words[index] ^= 0x5c5c_5c5c }
            SHA256.compress(&outer, words)

            var block: UInt32 = 1
            while derived.count < length {
                // U1 = HMAC(password, salt || INT(block)).
                var state = inner
                let first = salt + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: block >> $0) }
                first.withUnsafeBytes { SHA256.finish(&state, $0, prefixLength: 64) }
                var u = hashDigest(state, from: outer, words)
                var sum = u
                // U2 … Uc, each the HMAC of the one before, XORed into the block's output.
                for _ in 1..<iterations {
                    u = hashDigest(hashDigest(u, from: inner, words), from: outer, words)
                    sum.a ^= u.a
                    sum.b ^= u.b
                    sum.c ^= u.c
                    sum.d ^= u.d
                    sum.e ^= u.e
                    sum.f ^= u.f
                    sum.g ^= u.g
                    sum.h ^= u.h
                }
                derived += sum.bytes
                block += 1
            }
        }
        return Array(derived.prefix(length))
    }

    /// The state after hashing a 32-byte digest (`digest`'s words) on from `start`, which holds
    /// one block already: the message is the digest, a 1 bit, zeros and the length, 96 bytes in
    /// bits (768), in one block.
    @inline(__always)
    private static func hashDigest(
        _ digest: SHA256.State, from start: SHA256.State, _ words: UnsafeMutablePointer<UInt32>
    ) -> SHA256.State {
        var state = start
        digest.store(into: words)
        words[8] = 0x8000_0000
        for index in 9..<15 { words[index] = 0 }
        words[15] = 768
        SHA256.compress(&state, words)
        return state
    }
}
