/// When work happens, for counting working hours and working days: a time zone, working hours for
/// each weekday, whole days off (public holidays) and extra working days (make-up days, such as a
/// working Saturday). Only `Definition.validated` and `twentyFourSeven` make one, so a calendar in
/// hand is always a valid one.
///
/// A moment is working time when the local date and time a clock in the calendar's zone shows
/// falls in one of that date's spans. On the night clocks go forward, spans over the skipped hour
/// are shorter; when they go back, the repeated hour counts twice if it is working time.
public struct WorkingCalendar: Sendable {
    /// A calendar as an administrator writes it, before validation.
    public struct Definition: Sendable, Equatable {
        /// The calendar's name, which policies refer to it by.
        public var key: String
        /// The IANA time zone its hours and dates are in, such as `Asia/Shanghai`.
        public var zone: String
        /// The working spans of each weekday; a weekday missing or empty is a day off.
        public var hours: [Weekday: [WorkingSpan]]
        /// Dates that are whole days off, whatever their weekday.
        public var holidays: [CivilDate]
        /// Dates that are working days whatever their weekday, with their own hours.
        public var extraWorkingDays: [ExtraWorkingDay]

        /// A definition from its parts.
        public init(
            key: String, zone: String, hours: [Weekday: [WorkingSpan]], holidays: [CivilDate] = [],
            extraWorkingDays: [ExtraWorkingDay] = []
        ) {
            self.key = key
            self.zone = zone
            self.hours = hours
            self.holidays = holidays
            self.extraWorkingDays = extraWorkingDays
        }
    }

    /// A date worked although its weekday is not (or worked with other hours than its weekday's).
    public struct ExtraWorkingDay: Sendable, Equatable {
        public var date: CivilDate
        /// The day's spans, which replace its weekday's. Nil: Monday's spans, since a make-up day
        /// stands in for an ordinary working day and Monday is the first of those.
        public var spans: [WorkingSpan]?

        /// An extra working day on `date`, working `spans` (Monday's when nil).
        public init(date: CivilDate, spans: [WorkingSpan]? = nil) {
            self.date = date
            self.spans = spans
        }
    }

    /// What this calendar was made from.
    public let definition: Definition
    /// Its zone's rules.
    public let zone: ZoneRules
    // Each weekday's spans (Monday first), then the holidays' and extra days' days since 1970;
    // spans are sorted, with spans that touch joined.
    private let weekly: [[WorkingSpan]]
    private let holidays: Set<Int>
    private let extraDays: [Int: [WorkingSpan]]

    /// The calendar's key.
    public var key: String { definition.key }

    /// Made by validation only: `definition` is valid and `zone` its zone's rules.
    init(validDefinition definition: Definition, zone: ZoneRules) {
        self.definition = definition
        self.zone = zone
        weekly = Weekday.allCases.map { Self.normalized(definition.hours[$0] ?? []) }
        holidays = Set(definition.holidays.map(\.daysSinceEpoch))
        let monday = definition.hours[.monday] ?? []
        extraDays = Dictionary(
            definition.extraWorkingDays.map { ($0.date.daysSinceEpoch, Self.normalized($0.spans ?? monday)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The key of the calendar every policy uses unless it names another.
    public static let twentyFourSevenKey = "24x7"

    /// Every minute of every day is working time, in `zone`: calendar time, with dates (for
    /// calendar days) read in that zone.
    public static func twentyFourSeven(key: String = twentyFourSevenKey, zone: ZoneRules = .utc) -> WorkingCalendar {
        let hours = Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [WorkingSpan.allDay]) })
        return WorkingCalendar(validDefinition: Definition(key: key, zone: zone.identifier, hours: hours), zone: zone)
    }

    /// The working spans of the date `day` days after 1970-01-01, sorted and not touching.
    func spans(onDay day: Int) -> [WorkingSpan] {
        if let extra = extraDays[day] { return extra }
        if holidays.contains(day) { return [] }
        return weekly[Weekday(daysSinceEpoch: day).index]
    }

    /// The working spans of `date`: an extra day's, none on a holiday, else its weekday's.
    public func workingSpans(on date: CivilDate) -> [WorkingSpan] {
        spans(onDay: date.daysSinceEpoch)
    }

    /// Whether `date` has working hours.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        !workingSpans(on: date).isEmpty
    }

    private static func normalized(_ spans: [WorkingSpan]) -> [WorkingSpan] {
        var joined: [WorkingSpan] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = joined.last, span.start <= last.end {
                joined[joined.count - 1].end = max(last.end, span.end)
            } else {
                joined.append(span)
            }
        }
        return joined
    }
}
