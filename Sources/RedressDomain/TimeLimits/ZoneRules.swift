/// A time zone as plain data: the UTC offset in force at every instant, as an offset before the
/// first change and a list of changes (transitions). Converting between instants and local civil
/// time needs nothing else, so every calculation on it is pure; `ZoneRules+System.swift` is where
/// the rules of an IANA zone are read from the system.
public struct ZoneRules: Sendable, Equatable {
    /// From `at` on, local time is UTC plus `offset` seconds (until the next transition).
    public struct Transition: Sendable, Equatable {
        public var at: Instant
        public var offset: Int

        /// A change to `offset` seconds east of UTC at `at`.
        public init(at: Instant, offset: Int) {
            self.at = at
            self.offset = offset
        }
    }

    /// A local calendar date and time of day, to the second.
    public struct LocalDateTime: Sendable, Equatable, CustomStringConvertible {
        public var date: CivilDate
        /// Seconds since local midnight, 0 ..< 86 400.
        public var secondOfDay: Int

        /// The local time `hour:minute:second` on `date`.
        public init(date: CivilDate, hour: Int, minute: Int, second: Int = 0) {
            self.date = date
            self.secondOfDay = hour * 3600 + minute * 60 + second
        }

        /// The local time `secondOfDay` seconds after midnight on `date`.
        public init(date: CivilDate, secondOfDay: Int) {
            self.date = date
            self.secondOfDay = secondOfDay
        }

        /// `2026-03-08 02:30:00`.
        public var description: String {
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(date.year)-\(two(date.month))-\(two(date.day)) "
                + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        }

        /// Seconds since 1970-01-01T00:00:00 on a clock reading this local time.
        var localSeconds: Int64 { Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay) }
    }

    /// The zone's name, such as `Asia/Shanghai`.
    public let identifier: String
    /// The offset, in seconds east of UTC, before the first transition.
    public let initialOffset: Int
    // When each change happens, in UTC seconds, ascending, and the offset from then on; a change
    // that keeps the offset (a new abbreviation only) is not kept.
    private let changes: [Int64]
    private let offsets: [Int]

    /// Rules from an initial offset and transitions, in any order. Transitions at the same instant
    /// keep the last given; transitions that do not change the offset are dropped.
    public init(identifier: String, initialOffset: Int, transitions: [Transition]) {
        self.identifier = identifier
        self.initialOffset = initialOffset
        var changes: [Int64] = []
        var offsets: [Int] = []
        var current = initialOffset
        for transition in transitions.enumerated().sorted(by: {
            ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
        }) {
            let at = transition.element.at.seconds
            if let last = changes.last, last == at {
                changes.removeLast()
                offsets.removeLast()
                current = offsets.last ?? initialOffset
            }
            if transition.element.offset != current {
                changes.append(at)
                offsets.append(transition.element.offset)
                current = transition.element.offset
            }
        }
        self.changes = changes
        self.offsets = offsets
    }

    /// A zone whose offset never changes.
    public static func fixed(_ identifier: String, offset: Int) -> ZoneRules {
        ZoneRules(identifier: identifier, initialOffset: offset, transitions: [])
    }

    /// Coordinated Universal Time.
    public static let utc = ZoneRules.fixed("UTC", offset: 0)

    /// Every change of offset, in order.
    public var transitions: [Transition] {
        zip(changes, offsets).map { Transition(at: Instant(seconds: $0), offset: $1) }
    }

    /// The offset, in seconds east of UTC, in force at `instant`.
    public func offset(at instant: Instant) -> Int {
        offset(ofSegment: segment(containing: instant.seconds))
    }

    /// The first change of offset strictly after `instant`; nil when there is none.
    public func nextTransition(after instant: Instant) -> Transition? {
        let next = segment(containing: instant.seconds) + 1
        return next < changes.count ? Transition(at: Instant(seconds: changes[next]), offset: offsets[next]) : nil
    }

    /// The local date and time a clock in this zone shows at `instant`.
    public func local(_ instant: Instant) -> LocalDateTime {
        let local = instant.seconds + Int64(offset(at: instant))
        let day = Self.day(containing: local)
        return LocalDateTime(date: CivilDate(daysSinceEpoch: day), secondOfDay: Int(local - Int64(day) * 86_400))
    }

    /// The instant a clock in this zone shows `local`. When it shows that time twice (the hour
    /// repeated when clocks go back), the earlier instant; when it never shows it (the hour skipped
    /// when clocks go forward), the time is moved forward by the length of the gap, so that 02:30 on
    /// the morning New York springs forward is 03:30 EDT.
    public func instant(_ local: LocalDateTime) -> Instant {
        let seconds = local.localSeconds
        if let first = utcRanges(localFrom: seconds, localTo: seconds + 1).first {
            return Instant(seconds: first.lowerBound)
        }
        // In a gap: read the time with the offset in force just before the change that skipped it.
        var segment = self.segment(containing: seconds - Self.reach)
        while segment + 1 < changes.count, changes[segment + 1] + Int64(offset(ofSegment: segment + 1)) <= seconds {
            segment += 1
        }
        return Instant(seconds: seconds - Int64(offset(ofSegment: segment)))
    }

    // MARK: Segments: the spans of time between changes, each with one offset.

    /// Further than any offset reaches from UTC (offsets are within ±26 hours, RFC 8536 §3.2).
    static let reach: Int64 = 26 * 3600

    /// The segment holding UTC second `seconds`: -1 before the first change, else the index of the
    /// last change at or before it.
    func segment(containing seconds: Int64) -> Int {
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// The offset in force in `segment`.
    func offset(ofSegment segment: Int) -> Int {
        segment < 0 ? initialOffset : offsets[segment]
    }

    /// The first UTC second of `segment` (`Int64.min` for the one before every change).
    func start(ofSegment segment: Int) -> Int64 {
        segment < 0 ? Int64.min : changes[segment]
    }

    /// The UTC second after the last of `segment` (`Int64.max` for the last segment).
    func end(ofSegment segment: Int) -> Int64 {
        segment + 1 < changes.count ? changes[segment + 1] : Int64.max
    }

    /// The UTC seconds at which a clock in this zone shows a local time in `localFrom ..< localTo`
    /// (local seconds since 1970), as ascending, disjoint ranges: one normally, two when part of
    /// the range is repeated, none when all of it is skipped.
    func utcRanges(localFrom: Int64, localTo: Int64) -> [Range<Int64>] {
        var ranges: [Range<Int64>] = []
        var segment = self.segment(containing: localFrom - Self.reach)
        while start(ofSegment: segment) < localTo + Self.reach {
            let offset = Int64(offset(ofSegment: segment))
            let low = max(localFrom - offset, start(ofSegment: segment))
            let high = min(localTo - offset, end(ofSegment: segment))
            if low < high { ranges.append(low..<high) }
            guard segment + 1 < changes.count else { break }
            segment += 1
        }
        return ranges
    }

    /// The day, in days since 1970-01-01, that local second `seconds` falls on.
    static func day(containing seconds: Int64) -> Int {
        Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
