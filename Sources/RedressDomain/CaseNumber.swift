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
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 6, parts[1].count >= 4,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let serial = Int(parts[1]), serial >= 1
        else { return nil }
        month = String(parts[0])
        self.serial = serial
        // One spelling per number: `202611-00042` is not `202611-0042`.
        guard description == text else { return nil }
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
