/// A stretch of working time within a day, to the minute, such as 09:00–12:00: from `start`
/// up to, not including, `end`. `end` may be 24:00, the end of the day.
public struct WorkingSpan: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after local midnight the span starts, 0 ... 1439 when valid.
    public var start: Int
    /// Minutes after local midnight the span ends, after `start` and at most 1440 when valid.
    public var end: Int

    /// The span from `start` to `end` minutes after midnight; `WorkingCalendar.Definition`'s
    /// validation judges whether it is one.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The span written `09:00-12:00` (two `HH:MM` times, 00:00 to 24:00); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minutes(String(parts[0])), let end = Self.minutes(String(parts[1]))
        else { return nil }
        self.init(start: start, end: end)
    }

    /// All day: 00:00–24:00.
    public static let allDay = WorkingSpan(start: 0, end: 1440)

    /// The minutes after midnight of a time written `HH:MM`, from `00:00` to `24:00`; nil otherwise.
    public static func minutes(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
            bytes.indices.allSatisfy({ $0 == 2 || (48...57).contains(bytes[$0]) })
        else { return nil }
        let hours = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
        let minutes = Int(bytes[3] - 48) * 10 + Int(bytes[4] - 48)
        guard minutes < 60, hours < 24 || (hours == 24 && minutes == 0) else { return nil }
        return hours * 60 + minutes
    }

    /// `HH:MM` for `minutes` after midnight.
    public static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0\(hours)" : "\(hours)") + ":" + (rest < 10 ? "0\(rest)" : "\(rest)")
    }

    /// `09:00-12:00`.
    public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

    /// Whether the two share a minute (spans that only touch, 12:00 ending one and starting the
    /// other, do not).
    public func overlaps(_ other: WorkingSpan) -> Bool {
        start < other.end && other.start < end
    }
}
