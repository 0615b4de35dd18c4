/// The `X-Request-Id` rules: which incoming identifiers are echoed, and new ones.
enum RequestID {
    /// Whether an incoming identifier is 1–128 characters of `[A-Za-z0-9._:-]`, safe to echo
    /// into a response header and a log line.
    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        (1...128).contains(bytes.count) && bytes.allSatisfy(isAllowed)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}

/// Makes request identifiers of 16 hex digits. Each event loop owns one, so no lock or system
/// call is paid per request; identifiers need to be unlikely to collide, not unpredictable.
struct RequestIDGenerator {
    private var state: UInt64

    /// A generator seeded from the system's random source.
    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// The next identifier (splitmix64, which passes BigCrush and costs a few multiplications).
    mutating func next() -> String {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        let value = mixed
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
                buffer[index] = nibble < 10 ? nibble + UInt8(ascii: "0") : nibble - 10 + UInt8(ascii: "a")
            }
            return 16
        }
    }
}
