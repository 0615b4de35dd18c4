/// A day of the week, Monday first, as working hours are written.
public enum Weekday: String, Sendable, CaseIterable, Hashable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of the date `days` after 1970-01-01 (a Thursday).
    public init(daysSinceEpoch days: Int) {
        let index = ((days + 3) % 7 + 7) % 7
        self = Self.allCases[index]
    }

    /// The weekday of `date`.
    public init(_ date: CivilDate) {
        self.init(daysSinceEpoch: date.daysSinceEpoch)
    }

    /// 0 for Monday to 6 for Sunday.
    public var index: Int {
        switch self {
        case .monday: 0
        case .tuesday: 1
        case .wednesday: 2
        case .thursday: 3
        case .friday: 4
        case .saturday: 5
        case .sunday: 6
        }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.index < rhs.index }
}
