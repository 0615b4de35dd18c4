/// A time a clock was stopped, waiting on the customer: from `from` up to `until`. A pause still
/// going on is given with `until` set to now.
public struct Pause: Sendable, Equatable {
    public var from: Instant
    public var until: Instant

    /// The pause from `from` to `until`; one that ends before it starts stops nothing.
    public init(from: Instant, until: Instant) {
        self.from = from
        self.until = until
    }

    /// `pauses` as ascending, disjoint ranges of UTC seconds, overlapping and touching ones joined.
    static func merged(_ pauses: [Pause]) -> [Range<Int64>] {
        var ranges: [Range<Int64>] = []
        for pause in pauses.sorted(by: { $0.from < $1.from }) where pause.from < pause.until {
            if let last = ranges.last, pause.from.seconds <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, pause.until.seconds)
            } else {
                ranges.append(pause.from.seconds..<pause.until.seconds)
            }
        }
        return ranges
    }
}
