/// Byte classes of the HTTP grammar (RFC 9110 §5.6, RFC 9112 §2) used by the parsers.
enum HTTPSyntax {
    /// Carriage return.
    static let cr: UInt8 = 13
    /// Line feed.
    static let lf: UInt8 = 10
    /// Space.
    static let space: UInt8 = 32
    /// Horizontal tab.
    static let tab: UInt8 = 9
    /// The colon after a field name.
    static let colon: UInt8 = 58

    /// Whether the byte may appear in a token (`tchar`, RFC 9110 §5.6.2): method and field names.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Whether the byte may appear in a field value: VCHAR, SP, HTAB or obs-text
    /// (RFC 9110 §5.5). NUL, other controls and DEL may not.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether the byte may appear in a request-target: visible US-ASCII other than `#`
    /// (RFC 3986 §3.3–3.4; a fragment is never sent, RFC 9112 §3.2).
    @inline(__always)
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte <= 0x7E && byte != UInt8(ascii: "#")
    }

    /// Whether the byte may appear in a host name: `unreserved`, `sub-delims` or the `%` of a
    /// `pct-encoded` (RFC 3986 §3.2.2, `reg-name`).
    @inline(__always)
    static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    /// Whether the byte is optional whitespace (SP or HTAB).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Whether `bytes` equals the lowercase ASCII `name`, ignoring the case of `bytes`.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        var offset = 0
        for byte in bytes {
            let lowered = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
            if lowered != expected[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The slice without leading and trailing SP/HTAB.
    static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }
}
