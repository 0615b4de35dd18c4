/// A corrective or preventive action: what will be done, by whom and by when, so that a
/// complaint's cause does not recur (DOMAIN.md step 10).
public struct CorrectiveAction: Sendable, Equatable {
    /// Length of a description or a note, in characters.
    public static let textLength = ComplaintRules.descriptionLength
    /// Length of an owner's name, in characters.
    public static let ownerLength = ComplaintRules.nameLength

    public var id: Int64
    /// The complaint that prompted it.
    public var complaint: Complaint.Reference
    public var description: String
    /// The person or team responsible for carrying it out.
    public var owner: String
    public var dueAt: Instant
    public var status: CorrectiveActionStatus
    /// The latest word on its progress, given with a status change.
    public var note: String?
    public var createdAt: Instant
    public var updatedAt: Instant

    /// An action from its parts.
    public init(
        id: Int64, complaint: Complaint.Reference, description: String, owner: String, dueAt: Instant,
        status: CorrectiveActionStatus = .open, note: String? = nil, createdAt: Instant, updatedAt: Instant
    ) {
        self.id = id
        self.complaint = complaint
        self.description = description
        self.owner = owner
        self.dueAt = dueAt
        self.status = status
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether it is still open past its due date at `now`; done or verified work is never overdue.
    public func isOverdue(at now: Instant) -> Bool {
        status == .open && dueAt < now
    }

    /// Every way the given texts break the rules; nil ones are not checked.
    public static func validate(description: String? = nil, owner: String? = nil, note: String? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        if let description { ComplaintRules.check(description, "description", textLength, into: &errors) }
        if let owner { ComplaintRules.check(owner, "owner", ownerLength, into: &errors) }
        if let note { ComplaintRules.check(note, "note", textLength, into: &errors) }
        return errors
    }
}
