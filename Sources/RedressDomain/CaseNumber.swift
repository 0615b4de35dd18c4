/// A complaint's case number, `YYYYMM-NNNN`: the month of registration and a serial that restarts
/// each month, written with at least four digits and more once a month passes 9999.
public struct CaseNumber: Sendable, Hashable, CustomStringConvertible {
    /// The month as `YYYYMM`.
    public var month: String
    /// The serial within the month, from 1.
    public var serial: Int

    /// A number from its month and serial.
    public init(month: String, serial: Int) {
        self.month = month
        self.serial = serial
    }

    /// Reads `202611-0042`; nil for anything else.
    public init?(_ text: String) {
        // Six digits, a hyphen, then the serial: four digits, or more without a leading zero,
        // so that each number has one spelling (`202611-00042` is not `202611-0042`).
        let utf8 = text.utf8
        guard utf8.count >= 11, utf8.count <= 24 else { return nil }
        var serial = 0
        for (offset, byte) in utf8.enumerated() {
            if offset == 6 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if offset > 6 { serial = serial * 10 + Int(byte - UInt8(ascii: "0")) }
        }
        let serialDigits = utf8.count - 7
        guard serial >= 1, serialDigits == 4 || serial >= 10_000 && utf8.dropFirst(7).first != UInt8(ascii: "0")
        else { return nil }
        month = String(text.prefix(6))
        self.serial = serial
    }

    /// `YYYYMM` of `instant` in the time zone `offset` seconds from UTC.
    public static func month(of instant: Instant, offset: Int) -> String {
        let date = CivilDate(instant: instant, offset: offset)
        return String(date.year) + (date.month < 10 ? "0" : "") + String(date.month)
    }

    public var description: String {
        let digits = String(serial)
        return month + "-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Character {
    /// Whether this is one of `0`–`9` (not any Unicode digit).
    public var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
