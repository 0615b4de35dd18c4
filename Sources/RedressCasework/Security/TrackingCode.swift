/// The code a complainant uses with the case number to follow their complaint: 12 characters
/// (60 bits), shown once at intake; only its SHA-256 digest is stored.
public enum TrackingCode {
    /// A new random code.
    public static func generate() -> String {
        Secret.random(count: 12, from: Secret.upperCase)
    }

    /// The digest stored in place of the code; case and surrounding spaces do not matter.
    public static func digest(of code: String) -> [UInt8] {
        let start = code.drop(while: \.isWhitespace)
        let trimmed = start.lastIndex { !$0.isWhitespace }.map { start[...$0] } ?? ""
        return SHA256.digest(Array(trimmed.uppercased().utf8))
    }
}
