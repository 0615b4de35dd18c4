/// The three levels of urgency: level 1 critical, level 2 high, level 3 normal.
public enum Priority: String, Sendable, CaseIterable, Comparable, Codable {
    case normal, high, critical

    /// 3 for critical, 2 for high, 1 for normal: the higher, the more urgent.
    public var rank: Int {
        switch self {
        case .normal: 1
        case .high: 2
        case .critical: 3
        }
    }

    /// The priority at the given rank, clamped to the three levels.
    public init(rank: Int) {
        self = rank >= 3 ? .critical : rank == 2 ? .high : .normal
    }

    /// One level more urgent, critical staying critical.
    public var raised: Priority { Priority(rank: rank + 1) }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
