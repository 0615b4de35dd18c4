/// One entry of a complaint's timeline, as an action produces it; the caller adds the sequence
/// number, the time and the actor when storing it.
///
/// Every action records one event named after it in the past tense (`Action.eventType`), and each
/// type always carries the same keys, null when there is nothing to say:
///
/// | type | data |
/// |---|---|
/// | `complaint.assessed` | `valid`, `note`, `category`, `priority`, `previous_priority`, `first_response_due_at`, `resolution_due_at`, `first_response` |
/// | `complaint.assigned` | `department`, `assignee`, `previous_department`, `previous_assignee`, `assignee_user` (the staff user's id, or null for free text), `first_response` |
/// | `complaint.investigated` | `findings`, `root_cause` (as given; null leaves the earlier value) |
/// | `complaint.proposed` | `remedies`, `amount_minor`, `currency`, `description`, `root_cause`, `responsible_department`, `responsible_person`, `penalty_minor` |
/// | `complaint.approved` | `auto`, `approved_by`, `comment`, `threshold_minor` (null unless `auto`) |
/// | `complaint.sent_back` | `comment` |
/// | `complaint.resolved` | `note`, `notified_via`, `follow_up_due_at` |
/// | `complaint.followed_up` | `method`, `satisfied`, `score`, `comment`, `reopen_count`, `resolution_due_at` (the new one when unsatisfied) |
/// | `complaint.withdrawn` | `reason` |
/// | `complaint.escalated` | `reason`, `priority`, `previous_priority`, `first_response_due_at`, `resolution_due_at` |
/// | `complaint.reopened` | `reason`, `reopen_count`, `resolution_due_at` (counted from the reopening) |
/// | `complaint.proposal_answered` | `accepted`, `comment`, `via` (`tracking` when the customer answered on their page) |
/// | `complaint.merged` | `duplicate`, `duplicate_id`, `survivor`, `survivor_id`, `reason` (the survivor's timeline records the same) |
///
/// `first_response` is true when the event is the complaint's first response. A proposal within
/// the approval threshold records `complaint.proposed` (investigating → proposed) followed by
/// `complaint.approved` with `auto: true` (proposed → approved). Assessment and responsibility data
/// is internal: the complainant's public timeline shows the status change, not the data.
public struct DomainEvent: Sendable, Equatable {
    /// The event's type, such as `complaint.assessed`.
    public var type: String
    /// The complaint's status before the event.
    public var fromStatus: Status
    /// The complaint's status after it; the same when the status did not change.
    public var toStatus: Status
    /// What happened, as ordered key–value pairs with `snake_case` keys.
    public var data: [(String, EventValue)]

    /// An event from its parts.
    public init(type: String, fromStatus: Status, toStatus: Status, data: [(String, EventValue)]) {
        self.type = type
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.data = data
    }

    /// The value under `key`, or nil when the event has no such key.
    public subscript(key: String) -> EventValue? {
        data.first { $0.0 == key }?.1
    }

    /// Events are equal when their types, statuses and data, key by key in order, are.
    public static func == (lhs: DomainEvent, rhs: DomainEvent) -> Bool {
        lhs.type == rhs.type && lhs.fromStatus == rhs.fromStatus && lhs.toStatus == rhs.toStatus
            && lhs.data.elementsEqual(rhs.data, by: ==)
    }
}
