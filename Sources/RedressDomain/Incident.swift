/// Complaints with one cause, handled together: a faulty product batch, an outage. Staff link the
/// complaints to it; the customers of every linked complaint read its public statement on their
/// tracking page; the linked complaints can be resolved together, each through its own lifecycle.
public struct Incident: Sendable, Equatable {
    /// Where an incident stands.
    public enum Status: String, Sendable, CaseIterable {
        /// Complaints are still linked to it and handled.
        case open
        /// Every linked complaint reached its resolution or ended, through `resolve`; it takes no
        /// more links.
        case resolved
    }

    /// Length of a title, in characters.
    public static let titleLength = ComplaintRules.titleLength
    /// Length of the description (what happened, the cause), in characters.
    public static let descriptionLength = ComplaintRules.descriptionLength
    /// Length of the public statement, in characters: what a customer reads on one page.
    public static let statementLength = 1...5000

    public var id: Int64
    /// Bumped by every change (its texts, a link or an unlink, resolving it); the `ETag`.
    public var version: Int
    public var status: Status
    /// For staff: what the incident is.
    public var title: String
    /// For staff: what happened and why.
    public var description: String
    /// What the customers of the linked complaints read on their tracking page; nil until written.
    /// One text, in whatever languages the customers read.
    public var publicStatement: String?
    /// When the public statement was last written.
    public var publicStatementUpdatedAt: Instant?
    /// The name of the key that opened it.
    public var createdBy: String
    public var createdAt: Instant
    public var updatedAt: Instant
    public var resolvedAt: Instant?
    /// How many complaints are linked to it; counted, not stored.
    public var complaintCount: Int

    /// An incident from its parts.
    public init(
        id: Int64, version: Int = 1, status: Status = .open, title: String, description: String,
        publicStatement: String? = nil, publicStatementUpdatedAt: Instant? = nil, createdBy: String,
        createdAt: Instant, updatedAt: Instant, resolvedAt: Instant? = nil, complaintCount: Int = 0
    ) {
        self.id = id
        self.version = version
        self.status = status
        self.title = title
        self.description = description
        self.publicStatement = publicStatement
        self.publicStatementUpdatedAt = publicStatementUpdatedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resolvedAt = resolvedAt
        self.complaintCount = complaintCount
    }

    /// Every way the given texts break the rules; nil ones are not checked.
    public static func validate(
        title: String? = nil, description: String? = nil, publicStatement: String? = nil
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if let title { ComplaintRules.check(title, "title", titleLength, into: &errors) }
        if let description { ComplaintRules.check(description, "description", descriptionLength, into: &errors) }
        if let publicStatement {
            ComplaintRules.check(publicStatement, "public_statement", statementLength, into: &errors)
        }
        return errors
    }

    /// Whether a linked complaint in `status` still waits for its resolution: open and not yet
    /// resolved. An incident resolves once none of its complaints does.
    public static func awaitsResolution(_ status: RedressDomain.Status) -> Bool {
        status.isOpen && status != .resolved
    }
}
