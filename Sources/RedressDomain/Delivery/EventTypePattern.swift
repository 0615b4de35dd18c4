/// Which event types a webhook subscription receives: an exact type (`complaint.created`), every
/// type under a prefix (`complaint.*`), or every type (`*`).
public struct EventTypePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    /// The types' shared start (`complaint.`) for a wildcard, else nil.
    private let prefix: String?

    /// Longest pattern accepted.
    public static let maximumLength = 100

    /// The first segments a pattern may name: the families of events the service sends.
    public static let families: Set<String> = ["complaint", "webhook"]

    /// Reads a pattern: dot-separated segments of lower-case letters, digits and `_`, the first a
    /// known family, and `*` only as the whole of the last segment; nil for anything else.
    public init?(_ text: String) {
        guard (1...Self.maximumLength).contains(text.utf8.count) else { return nil }
        if text == "*" {
            self.text = text
            prefix = ""
            return
        }
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count >= 2, Self.families.contains(String(segments[0])) else { return nil }
        for (index, segment) in segments.enumerated() {
            if segment == "*" {
                guard index == segments.count - 1 else { return nil }
                continue
            }
            guard !segment.isEmpty,
                segment.utf8.allSatisfy({
                    $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
                })
            else { return nil }
        }
        self.text = text
        prefix = segments.last == "*" ? String(text.dropLast()) : nil
    }

    /// Whether an event of `type` matches.
    public func matches(_ type: String) -> Bool {
        guard let prefix else { return type == text }
        return type.hasPrefix(prefix)
    }

    public var description: String { text }
}
