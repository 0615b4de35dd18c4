/// Phone numbers in E.164 (`+8613700000002`): the form they are stored and compared in, so that
/// `13700000002`, `137 0000 0002`, `+86 137 0000 0002` and `0086 13700000002` are one number for
/// a service whose default region is China.
public enum PhoneNumber {
    /// How a region writes its numbers: its country calling code, the trunk prefix its national
    /// numbers may start with, and the prefixes that dial out of it (ITU-T E.164 and the national
    /// numbering plans as the ITU publishes them).
    public struct Region: Sendable, Equatable {
        /// The ISO 3166-1 alpha-2 code, such as `CN`.
        public let code: String
        /// The country calling code, such as `86`.
        public let callingCode: String
        /// Dialled before a national number from inside the region (`0` in China), if any.
        public let trunkPrefix: String?
        /// Dialled before a calling code to reach another country (`00` in China).
        public let internationalPrefixes: [String]
    }

    /// The regions a default may name.
    public static let regions: [String: Region] = Dictionary(
        uniqueKeysWithValues: [
            Region(code: "CN", callingCode: "86", trunkPrefix: "0", internationalPrefixes: ["00"]),
            Region(code: "HK", callingCode: "852", trunkPrefix: nil, internationalPrefixes: ["001", "00"]),
            Region(code: "MO", callingCode: "853", trunkPrefix: nil, internationalPrefixes: ["00"]),
            Region(code: "TW", callingCode: "886", trunkPrefix: "0", internationalPrefixes: ["002", "00"]),
            Region(code: "SG", callingCode: "65", trunkPrefix: nil, internationalPrefixes: ["000", "001"]),
            Region(code: "MY", callingCode: "60", trunkPrefix: "0", internationalPrefixes: ["00"]),
            Region(code: "JP", callingCode: "81", trunkPrefix: "0", internationalPrefixes: ["010"]),
            Region(code: "KR", callingCode: "82", trunkPrefix: "0", internationalPrefixes: ["001", "002", "00700"]),
            Region(code: "IN", callingCode: "91", trunkPrefix: "0", internationalPrefixes: ["00"]),
            Region(code: "AU", callingCode: "61", trunkPrefix: "0", internationalPrefixes: ["0011"]),
            Region(code: "GB", callingCode: "44", trunkPrefix: "0", internationalPrefixes: ["00"]),
            Region(code: "DE", callingCode: "49", trunkPrefix: "0", internationalPrefixes: ["00"]),
            Region(code: "FR", callingCode: "33", trunkPrefix: "0", internationalPrefixes: ["00"]),
            Region(code: "US", callingCode: "1", trunkPrefix: "1", internationalPrefixes: ["011"]),
            Region(code: "CA", callingCode: "1", trunkPrefix: "1", internationalPrefixes: ["011"]),
        ].map { ($0.code, $0) })

    /// How many digits an E.164 number has, calling code included: at most 15 (ITU-T E.164 §6.1);
    /// the shortest in service have 7.
    public static let digitCount = 7...15

    /// `text` in E.164, a number written without a calling code read as one of `region`'s; nil
    /// when it cannot be a phone number in any region: characters other than digits and the usual
    /// punctuation (spaces, dashes, dots, parentheses, one leading `+`), or too few or too many
    /// digits. Full-width digits and punctuation, as Chinese input methods type them, count as their
    /// ASCII forms.
    public static func e164(_ text: String, region: Region) -> String? {
        var digits = ""
        var international = false
        for scalar in text.unicodeScalars {
            // U+FF01...U+FF5E are the full-width forms of U+0021...U+007E.
            let ascii = (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
            if ("0"..."9").contains(ascii) {
                digits.unicodeScalars.append(ascii)
            } else if ascii == "+", digits.isEmpty, !international {
                international = true
            } else if !" -().\u{3000}".unicodeScalars.contains(ascii) {
                return nil
            }
        }
        if !international, let prefix = region.internationalPrefixes.first(where: { digits.hasPrefix($0) }) {
            digits.removeFirst(prefix.count)
            international = true
        }
        if !international {
            if let trunk = region.trunkPrefix, digits.hasPrefix(trunk) { digits.removeFirst(trunk.count) }
            digits = region.callingCode + digits
        }
        return digitCount.contains(digits.count) && digits.first != "0" ? "+" + digits : nil
    }
}
