import RedressDomain

/// One stored event of a complaint's history; never changed once written.
public struct EventRecord: Sendable, Equatable {
    /// The event's place in the global order of all events, from 1.
    public var seq: Int64
    public var complaintID: Int64
    public var complaintNumber: String
    /// What happened, such as `complaint.created` or `complaint.assigned`.
    public var type: String
    public var at: Instant
    /// The name of the key (or `system`, `complainant`) that caused it.
    public var actor: String
    public var fromStatus: Status?
    public var toStatus: Status?
    /// The event's details as a JSON object's text.
    public var data: [UInt8]

    /// An event from its parts.
    public init(
        seq: Int64, complaintID: Int64, complaintNumber: String, type: String, at: Instant, actor: String,
        fromStatus: Status?, toStatus: Status?, data: [UInt8]
    ) {
        self.seq = seq
        self.complaintID = complaintID
        self.complaintNumber = complaintNumber
        self.type = type
        self.at = at
        self.actor = actor
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.data = data
    }
}
