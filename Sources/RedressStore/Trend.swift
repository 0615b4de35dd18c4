import RedressDomain

/// Complaints received per time bucket and group: `GET /v1/stats/trends`.
public enum Trend {
    /// The length of a bucket. Buckets start at local midnight in the service's zone; weeks on
    /// Monday, months on the first.
    public enum Interval: String, Sendable, CaseIterable {
        case day, week, month

        /// The SQLite date modifiers that take an instant back to the start of its bucket
        /// (https://sqlite.org/lang_datefunc.html#modifiers): going back six days and then on to
        /// the next Monday lands on the Monday of the instant's week.
        var truncation: String {
            switch self {
            case .day: "'start of day'"
            case .week: "'start of day', '-6 days', 'weekday 1'"
            case .month: "'start of month'"
            }
        }

        /// The local dates buckets start on, from the bucket holding `first` to the one holding
        /// `last`; nil when there would be more than `max`.
        func bucketDates(from first: CivilDate, to last: CivilDate, max: Int) -> [CivilDate]? {
            var date = start(of: first)
            var dates: [CivilDate] = []
            while date.daysSinceEpoch <= last.daysSinceEpoch {
                guard dates.count < max else { return nil }
                dates.append(date)
                date = next(after: date)
            }
            return dates
        }

        /// The first day of the bucket holding `date`.
        func start(of date: CivilDate) -> CivilDate {
            switch self {
            case .day: date
            // 1970-01-01 was a Thursday: days since then, plus three, counted in weeks from Monday.
            case .week: CivilDate(daysSinceEpoch: date.daysSinceEpoch - ((date.daysSinceEpoch + 3) % 7 + 7) % 7)
            case .month: CivilDate(year: date.year, month: date.month, day: 1)
            }
        }

        /// The first day of the bucket after the one starting on `start`.
        func next(after start: CivilDate) -> CivilDate {
            switch self {
            case .day: CivilDate(daysSinceEpoch: start.daysSinceEpoch + 1)
            case .week: CivilDate(daysSinceEpoch: start.daysSinceEpoch + 7)
            case .month:
                start.month == 12
                    ? CivilDate(year: start.year + 1, month: 1, day: 1)
                    : CivilDate(year: start.year, month: start.month + 1, day: 1)
            }
        }
    }

    /// The column complaints are counted by within a bucket.
    public enum Grouping: String, Sendable, CaseIterable {
        case category, channel, priority, department

        /// The grouped value; missing categories and departments get a name of their own.
        var expression: String {
            switch self {
            case .category: "COALESCE(category, 'uncategorized')"
            case .channel: "channel"
            case .priority: "priority"
            case .department: "COALESCE(department, 'unassigned')"
            }
        }
    }

    /// One bucket: where it starts, and the count of each group that has complaints in it.
    public struct Bucket: Sendable {
        public var start: Instant
        /// Groups in key order; a group without complaints in the bucket is left out.
        public var counts: [(key: String, count: Int)]
    }
}
