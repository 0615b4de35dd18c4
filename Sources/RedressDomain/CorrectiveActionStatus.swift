/// Where a corrective or preventive action stands: open until done, then verified by a supervisor.
public enum CorrectiveActionStatus: String, Sendable, CaseIterable {
    case open, done, verified

    /// The least role that may move an action into this status: checking that an action worked
    /// is a supervisor's call, doing it anyone's.
    public var minimumRole: Role {
        self == .verified ? .supervisor : .agent
    }

    /// The statuses an action may move to from this one. Done can go back to open when the work
    /// turns out unfinished; verified is final, since the check has been made.
    public var next: [CorrectiveActionStatus] {
        switch self {
        case .open: [.done]
        case .done: [.open, .verified]
        case .verified: []
        }
    }
}
