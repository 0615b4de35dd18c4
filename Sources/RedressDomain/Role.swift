/// What an API key may do; each role includes the ones before it.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    case intake, agent, supervisor, admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
}
