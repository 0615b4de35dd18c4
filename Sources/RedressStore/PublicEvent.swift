import RedressDomain

/// One entry of the timeline a complainant sees: a change of status, or a note written to them.
public struct PublicEvent: Sendable, Equatable {
    /// The event's type, such as `complaint.created` or `complaint.note_added`.
    public var type: String
    public var at: Instant
    /// The complaint's status after the event.
    public var status: Status
    /// A public note's text; nil for a change of status.
    public var note: String?

    /// An entry from its parts.
    public init(type: String, at: Instant, status: Status, note: String?) {
        self.type = type
        self.at = at
        self.status = status
        self.note = note
    }
}
