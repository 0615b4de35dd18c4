/// The language the service speaks to a complainant in: their own where it can tell, else English.
public enum CustomerLanguage: String, Sendable, CaseIterable {
    case simplifiedChinese = "zh-CN"
    case english = "en"

    /// The language a complaint was written in: Chinese when its title or description holds a CJK
    /// ideograph, English otherwise. The register keeps no language field, and a complainant
    /// reads best the language they wrote in.
    public init(writing complaint: Complaint) {
        let written =
            complaint.title.unicodeScalars.contains(where: Self.isIdeograph)
            || complaint.description.unicodeScalars.contains(where: Self.isIdeograph)
        self = written ? .simplifiedChinese : .english
    }

    /// The language of a BCP 47 tag such as `zh-CN`, `zh-Hans` or `en-GB`: Chinese for any `zh`
    /// tag, English for everything else, which is the fallback for languages without a table.
    public init(locale: String) {
        let primary = locale.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() }
        self = primary == "zh" ? .simplifiedChinese : .english
    }

    // The CJK Unified Ideographs blocks (basic, extension A, compatibility, extensions B–F).
    private static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2EBEF: true
        default: false
        }
    }
}
