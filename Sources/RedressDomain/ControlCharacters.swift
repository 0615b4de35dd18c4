/// The rule every text a request carries keeps, whatever its field: no control characters but
/// tab, line feed and carriage return. The others (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F,
/// DEL U+007F and the C1 controls U+0080–U+009F) are invisible, mean nothing in a complaint, and
/// some are lost on the way: SQLite's `length()` stops at U+0000 and the search index never sees
/// what follows it. C1 is refused with C0 because Unicode counts both as controls (category Cc)
/// and no text typed by a person carries one. `openapi.yaml` states the same set as the
/// `Text` pattern.
public enum ControlCharacters {
    /// The message of the field error for text that carries one.
    public static let message = "must not contain control characters other than tab, line feed and carriage return"

    /// Whether `scalar` is a control character that text must not carry.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// The error for `field` when `text` carries a refused control character; nil when it carries none.
    public static func error(in text: String, field: String) -> FieldError? {
        text.unicodeScalars.contains(where: isRefused) ? FieldError(field, message) : nil
    }
}
