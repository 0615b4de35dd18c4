import RedressDomain

/// Which corrective actions a list asks for: `GET /v1/corrective-actions`'s query. Lists run
/// soonest due first.
public struct CorrectiveActionFilter: Sendable, Equatable {
    public var statuses: [CorrectiveActionStatus] = []
    /// true: only open actions past their due date at `now`; false: only the others.
    public var overdue: Bool?
    /// Only the actions of the complaint with this id.
    public var complaintID: Int64?
    /// Only the actions of the complaint with this case number.
    public var complaintNumber: CaseNumber?

    /// No filter: every action.
    public init() {}
}

/// Where a page of corrective actions ends: the due date and id of its last action.
public struct CorrectiveActionCursor: Sendable, Equatable {
    public var dueAt: Instant
    public var id: Int64

    /// The cursor positioned after `action`.
    public init(after action: CorrectiveAction) {
        dueAt = action.dueAt
        id = action.id
    }

    /// The opaque text form handed to clients: `<due>.<id>` in base 36.
    public var token: String {
        String(dueAt.seconds, radix: 36) + "." + String(id, radix: 36)
    }

    /// Reads a token; nil when it was not made by `token`.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let due = Int64(parts[0], radix: 36), let id = Int64(parts[1], radix: 36) else {
            return nil
        }
        dueAt = Instant(seconds: due)
        self.id = id
    }
}
