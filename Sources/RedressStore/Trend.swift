import RedressDomain

/// Complaints received per time bucket and group: `GET /v1/stats/trends`.
public enum Trend {
    /// The length of a bucket. Buckets start at midnight UTC; weeks on Monday, months on the first.
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

        /// The SQLite date modifier from one bucket's start to the next's.
        var step: String {
            switch self {
            case .day: "'+1 day'"
            case .week: "'+7 days'"
            case .month: "'+1 month'"
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
