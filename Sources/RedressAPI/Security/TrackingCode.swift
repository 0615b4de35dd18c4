/// The code a complainant uses with the case number to follow their complaint: 12 characters
/// (60 bits), shown once at intake; only its SHA-256 digest is stored.
enum TrackingCode {
    /// A new random code.
    static func generate() -> String {
        Secret.random(count: 12, from: Secret.upperCase)
    }

    /// The digest stored in place of the code; case and surrounding spaces do not matter.
    static func digest(of code: String) -> [UInt8] {
        SHA256.digest(Array(code.trimmingWhitespace.uppercased().utf8))
    }
}
