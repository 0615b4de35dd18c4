/// A value in an event's data: what JSON can hold, less objects, which the event data never needs.
public enum EventValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([EventValue])

    /// The text, or null.
    public init(_ text: String?) {
        self = text.map(EventValue.string) ?? .null
    }

    /// The number, or null.
    public init(_ number: Int64?) {
        self = number.map(EventValue.int) ?? .null
    }

    /// The instant in RFC 3339, or null.
    public init(_ instant: Instant?) {
        self = instant.map { .string($0.rfc3339) } ?? .null
    }
}
