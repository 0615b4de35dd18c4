/// SHA-256 (FIPS 180-4), for storing API keys, tracking codes and session tokens as digests,
/// fingerprinting request bodies, and, through HMAC, deriving keys and hashing passwords
/// (`PBKDF2`). The toolchain on Linux offers no hash function, and no package may be used.
///
/// The compression function works on eight state words and a 64-word schedule on the stack, and
/// allocates nothing: a password hash runs it over a million times.
public struct SHA256 {
    /// The eight words of the hash state (`H0` … `H7`).
    struct State {
        var a, b, c, d, e, f, g, h: UInt32

        /// The initial hash value (FIPS 180-4 §5.3.3).
        static let initial = State(
            a: 0x6a09e667, b: 0xbb67ae85, c: 0x3c6ef372, d: 0xa54ff53a,
            e: 0x510e527f, f: 0x9b05688c, g: 0x1f83d9ab, h: 0x5be0cd19)

        /// The state as the 32-byte digest, each word big-endian.
        var bytes: [UInt8] {
            var digest = [UInt8](repeating: 0, count: 32)
            for (index, word) in [a, b, c, d, e, f, g, h].enumerated() {
                digest[index * 4] = UInt8(truncatingIfNeeded: word >> 24)
                digest[index * 4 + 1] = UInt8(truncatingIfNeeded: word >> 16)
                digest[index * 4 + 2] = UInt8(truncatingIfNeeded: word >> 8)
                digest[index * 4 + 3] = UInt8(truncatingIfNeeded: word)
            }
            return digest
        }

        /// Writes the eight words into `words[0..<8]`.
        func store(into words: UnsafeMutablePointer<UInt32>) {
            words[0] = a
            words[1] = b
            words[2] = c
            words[3] = d
            words[4] = e
            words[5] = f
            words[6] = g
            words[7] = h
        }
    }

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The 32-byte digest of `message`.
    public static func digest<Bytes: Collection>(_ message: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        if let digest = message.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(message).withUnsafeBytes { digest($0) }
    }

    /// The 32-byte digest of the bytes `message` points to.
    static func digest(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var state = State.initial
        finish(&state, message, prefixLength: 0)
        return state.bytes
    }

    /// Hashes `message` into `state` and pads: the last step of a digest whose first
    /// `prefixLength` bytes (a multiple of 64) `state` already holds.
    static func finish(_ state: inout State, _ message: UnsafeRawBufferPointer, prefixLength: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let words = schedule.baseAddress!
            var offset = 0
            while message.count - offset >= 64 {
                load(words, from: UnsafeRawBufferPointer(rebasing: message[offset..<offset + 64]))
                compress(&state, words)
                offset += 64
            }
            // Padding: a 1 bit, zeros to 56 bytes mod 64, then the message length in bits, big-endian.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                let rest = message.count - offset
                let blocks = rest < 56 ? 1 : 2
                for index in 0..<blocks * 64 { tail[index] = 0 }
                for index in 0..<rest { tail[index] = message[offset + index] }
                tail[rest] = 0x80
                let bitLength = UInt64(prefixLength + message.count) &* 8
                for index in 0..<8 {
                    tail[blocks * 64 - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * index))
                }
                for block in 0..<blocks {
                    load(
                        words,
                        from: UnsafeRawBufferPointer(
                            rebasing: UnsafeRawBufferPointer(tail)[block * 64..<block * 64 + 64]))
                    compress(&state, words)
                }
            }
        }
    }

    /// Reads 64 bytes into `words[0..<16]`, big-endian.
    static func load(_ words: UnsafeMutablePointer<UInt32>, from bytes: UnsafeRawBufferPointer) {
        for index in 0..<16 {
            words[index] =
                UInt32(bytes[index * 4]) << 24 | UInt32(bytes[index * 4 + 1]) << 16
                | UInt32(bytes[index * 4 + 2]) << 8 | UInt32(bytes[index * 4 + 3])
        }
    }

    /// The compression function over one block: `schedule[0..<16]` holds the block's words on
    /// entry, and the whole 64-word schedule is written over it.
    static func compress(_ state: inout State, _ schedule: UnsafeMutablePointer<UInt32>) {
        for word in 16..<64 {
            let w15 = schedule[word - 15]
            let w2 = schedule[word - 2]
            let s0 = rotate(w15, 7) ^ rotate(w15, 18) ^ (w15 >> 3)
            let s1 = rotate(w2, 17) ^ rotate(w2, 19) ^ (w2 >> 10)
            schedule[word] = schedule[word - 16] &+ s0 &+ schedule[word - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state.a, state.b, state.c, state.d, state.e, state.f, state.g, state.h)
        roundConstants.withUnsafeBufferPointer { constants in
            // Eight rounds at a time, each naming the working variables where they now stand, so
            // that none is moved between rounds.
            for base in stride(from: 0, to: 64, by: 8) {
                let k = constants.baseAddress! + base
                let w = schedule + base
                step(a, b, c, &d, e, f, g, &h, k[0] &+ w[0])
                step(h, a, b, &c, d, e, f, &g, k[1] &+ w[1])
                step(g, h, a, &b, c, d, e, &f, k[2] &+ w[2])
                step(f, g, h, &a, b, c, d, &e, k[3] &+ w[3])
                step(e, f, g, &h, a, b, c, &d, k[4] &+ w[4])
                step(d, e, f, &g, h, a, b, &c, k[5] &+ w[5])
                step(c, d, e, &f, g, h, a, &b, k[6] &+ w[6])
                step(b, c, d, &e, f, g, h, &a, k[7] &+ w[7])
            }
        }
        state.a &+= a
        state.b &+= b
        state.c &+= c
        state.d &+= d
        state.e &+= e
        state.f &+= f
        state.g &+= g
        state.h &+= h
    }

    /// One round: `d` gains T1, and `h` becomes T1 + T2 (the new `a`, once the names shift).
    @inline(__always)
    private static func step(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ constantAndWord: UInt32
    ) {
        let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
        let choice = (e & f) ^ (~e & g)
        let temp1 = h &+ sum1 &+ choice &+ constantAndWord
        let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
        let majority = (a & b) ^ (a & c) ^ (b & c)
        d = d &+ temp1
        h = temp1 &+ sum0 &+ majority
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        value &>> count | value &<< (32 &- count)
    }
}
