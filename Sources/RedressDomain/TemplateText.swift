/// A template's body read into literal text and `{{placeholder}}`s, ready to render. Spaces inside
/// the braces are allowed (`{{ number }}`); a single brace, or `}}` with no opening, is literal text.
public struct TemplateText: Sendable, Equatable {
    /// One run of the body.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case placeholder(TemplatePlaceholder)
    }

    /// Why a body is not a valid template.
    public enum Failure: Error, Sendable, Equatable {
        /// Names between braces that are not placeholders, as written, in order of appearance.
        case unknownPlaceholders([String])
        /// A `{{` with no `}}` after it, and the text that follows it.
        case unclosed(after: String)

        /// The failure as a field error's message, naming what is wrong and what would be right.
        public var message: String {
            switch self {
            case .unknownPlaceholders(let names):
                let known = TemplatePlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
                let list = names.map { "{{\($0)}}" }.joined(separator: ", ")
                let named = names.count == 1 ? "an unknown placeholder" : "unknown placeholders"
                return "names \(named) \(list); the known ones are \(known)"
            case .unclosed(let text):
                return "has a {{ that is never closed with }}, before '\(text)'"
            }
        }
    }

    /// The body's runs, in order.
    public let segments: [Segment]

    /// Reads `body`; throws when a placeholder is unknown or a `{{` is left open.
    public init(parsing body: String) throws(Failure) {
        var segments: [Segment] = []
        var unknown: [String] = []
        var rest = body[...]
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.text(String(rest[..<open.lowerBound]))) }
            let inside = rest[open.upperBound...]
            guard let close = inside.firstRange(of: "}}") else {
                throw .unclosed(after: String(inside.prefix(30)))
            }
            let name = Self.trimmed(inside[..<close.lowerBound])
            if let placeholder = TemplatePlaceholder(rawValue: name) {
                segments.append(.placeholder(placeholder))
            } else if !unknown.contains(name) {
                unknown.append(name)
            }
            rest = inside[close.upperBound...]
        }
        guard unknown.isEmpty else { throw .unknownPlaceholders(unknown) }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        self.segments = segments
    }

    /// The placeholders the body names, each once, in order of first use.
    public var placeholders: [TemplatePlaceholder] {
        var seen: [TemplatePlaceholder] = []
        for case .placeholder(let placeholder) in segments where !seen.contains(placeholder) {
            seen.append(placeholder)
        }
        return seen
    }

    /// The text with every placeholder replaced by its value; one without a value becomes empty.
    public func render(_ values: [TemplatePlaceholder: String]) -> String {
        segments.map { segment in
            switch segment {
            case .text(let text): text
            case .placeholder(let placeholder): values[placeholder] ?? ""
            }
        }.joined()
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
