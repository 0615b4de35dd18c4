/// A registered complaint as it stands: what was received, where it is in its life, what was found
/// and done, and its time limits.
public struct Complaint: Sendable, Equatable {
    public var id: Int64
    public var number: CaseNumber
    /// Bumped by every change; the `ETag` and the `If-Match` precondition compare it.
    public var version: Int
    public var status: Status

    public var channel: Channel
    public var category: String?
    public var priority: Priority
    public var priorityReason: String
    public var title: String
    public var description: String
    public var complainant: Complainant
    public var subject: Subject
    public var tags: [String]
    public var externalRef: String?
    /// Where the customer is, such as `domestic` or `overseas`: any string the time-limit policies match on.
    public var region: String?

    public var receivedAt: Instant
    /// The name of the key that registered it: the first receiver, responsible to the end.
    public var receivedBy: String
    /// The person who stays answerable for the complaint: whoever received it, unless a
    /// supervisor handed it over.
    public var responsible: String
    /// The id of the key that registered it; an intake key sees only its own complaints.
    public var createdByKey: Int64
    public var createdAt: Instant
    public var updatedAt: Instant

    public var department: String?
    public var assignee: String?
    /// The id of the staff user `assignee` names, when it names one; nil for free text.
    public var assigneeUser: Int64?

    public var firstResponseDueAt: Instant
    public var firstRespondedAt: Instant?
    public var resolutionDueAt: Instant
    public var resolvedAt: Instant?
    public var followUpDueAt: Instant?
    public var closedAt: Instant?
    /// When the investigation report is due; nil when no policy sets that clock.
    public var investigationReportDueAt: Instant?
    /// When the investigation was reported (`investigate` with a `report`).
    public var investigationReportedAt: Instant?
    /// Which policy, target and calendar set each due date.
    public var timeLimits: TimeLimitSources
    /// Since when it waits on the customer (`awaiting_customer`), and the status it returns to.
    public var awaitingSince: Instant?
    public var awaitingFrom: Status?
    /// Seconds the resolution clock was paused for, in the time it counts (working time for working units).
    public var resolutionPausedFor: Int64
    /// When it was last reopened: the resolution clock counts from here (from `receivedAt` when nil).
    public var reopenedAt: Instant?
    /// Since when it is with its current department: the department's limit counts from then.
    public var departmentSince: Instant?
    /// When the current department's limit is due; nil when no policy sets one for it.
    public var departmentDueAt: Instant?
    /// Seconds the department's clock was paused for, in the time it counts.
    public var departmentPausedFor: Int64

    public var escalated: Bool
    public var reopenCount: Int
    public var repeatOf: Reference?

    public var validityNote: String?
    public var investigation: Investigation?
    public var responsibility: Responsibility?
    public var proposal: Proposal?
    public var resolution: Resolution?
    /// What the customer said at the last follow-up, kept after a reopening for the reports; the
    /// current one only while it follows the standing resolution (`currentSatisfaction`).
    public var satisfaction: Satisfaction?

    /// The id of the incident it is linked to: one cause shared with other complaints.
    public var incident: Int64?
    /// The complaint it was merged into, when it is a duplicate (`merged`).
    public var mergedInto: Reference?
    /// The satisfaction of the standing resolution: the last follow-up's, unless the complaint was
    /// reopened since (its earlier satisfaction is history, in the events, then).
    public var currentSatisfaction: Satisfaction? {
        guard let satisfaction, let resolvedAt, satisfaction.recordedAt >= resolvedAt else { return nil }
        return satisfaction
    }

    /// A complaint from every field; the ones a new complaint has not reached yet default to empty.
    public init(
        id: Int64, number: CaseNumber, version: Int = 1, status: Status = .received,
        channel: Channel, category: String? = nil, priority: Priority, priorityReason: String,
        title: String, description: String, complainant: Complainant, subject: Subject, tags: [String] = [],
        externalRef: String? = nil, region: String? = nil,
        receivedAt: Instant, receivedBy: String, responsible: String? = nil, createdByKey: Int64, createdAt: Instant,
        updatedAt: Instant,
        department: String? = nil, assignee: String? = nil, assigneeUser: Int64? = nil,
        firstResponseDueAt: Instant, firstRespondedAt: Instant? = nil, resolutionDueAt: Instant,
        resolvedAt: Instant? = nil, followUpDueAt: Instant? = nil, closedAt: Instant? = nil,
        investigationReportDueAt: Instant? = nil, investigationReportedAt: Instant? = nil,
        timeLimits: TimeLimitSources = TimeLimitSources(), awaitingSince: Instant? = nil, awaitingFrom: Status? = nil,
        resolutionPausedFor: Int64 = 0, reopenedAt: Instant? = nil, departmentSince: Instant? = nil,
        departmentDueAt: Instant? = nil, departmentPausedFor: Int64 = 0,
        escalated: Bool = false, reopenCount: Int = 0, repeatOf: Reference? = nil,
        validityNote: String? = nil, investigation: Investigation? = nil, responsibility: Responsibility? = nil,
        proposal: Proposal? = nil, resolution: Resolution? = nil, satisfaction: Satisfaction? = nil,
        incident: Int64? = nil, mergedInto: Reference? = nil
    ) {
        self.id = id
        self.number = number
        self.version = version
        self.status = status
        self.channel = channel
        self.category = category
        self.priority = priority
        self.priorityReason = priorityReason
        self.title = title
        self.description = description
        self.complainant = complainant
        self.subject = subject
        self.tags = tags
        self.externalRef = externalRef
        self.region = region
        self.receivedAt = receivedAt
        self.receivedBy = receivedBy
        self.responsible = responsible ?? receivedBy
        self.createdByKey = createdByKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.department = department
        self.assignee = assignee
        self.assigneeUser = assigneeUser
        self.firstResponseDueAt = firstResponseDueAt
        self.firstRespondedAt = firstRespondedAt
        self.resolutionDueAt = resolutionDueAt
        self.resolvedAt = resolvedAt
        self.followUpDueAt = followUpDueAt
        self.closedAt = closedAt
        self.investigationReportDueAt = investigationReportDueAt
        self.investigationReportedAt = investigationReportedAt
        self.timeLimits = timeLimits
        self.awaitingSince = awaitingSince
        self.awaitingFrom = awaitingFrom
        self.resolutionPausedFor = resolutionPausedFor
        self.reopenedAt = reopenedAt
        self.departmentSince = departmentSince
        self.departmentDueAt = departmentDueAt
        self.departmentPausedFor = departmentPausedFor
        self.escalated = escalated
        self.reopenCount = reopenCount
        self.repeatOf = repeatOf
        self.validityNote = validityNote
        self.investigation = investigation
        self.responsibility = responsibility
        self.proposal = proposal
        self.resolution = resolution
        self.satisfaction = satisfaction
        self.incident = incident
        self.mergedInto = mergedInto
    }

    /// Another complaint, by id and number.
    public struct Reference: Sendable, Equatable {
        public var id: Int64
        public var number: CaseNumber

        /// A reference to the complaint with this id and number.
        public init(id: Int64, number: CaseNumber) {
            self.id = id
            self.number = number
        }
    }

    /// What the investigation found.
    public struct Investigation: Sendable, Equatable {
        public var findings: String?
        public var rootCause: String?
        /// The investigation report; giving it stops the `investigation_report` clock.
        public var report: String?

        /// Findings, root cause and report, any possibly still unknown.
        public init(findings: String?, rootCause: String?, report: String? = nil) {
            self.findings = findings
            self.rootCause = rootCause
            self.report = report
        }
    }

    /// Who was found responsible, and the penalty recorded against them.
    public struct Responsibility: Sendable, Equatable {
        public var department: String?
        public var person: String?
        public var penaltyMinor: Int64?

        /// A responsibility finding.
        public init(department: String?, person: String?, penaltyMinor: Int64?) {
            self.department = department
            self.person = person
            self.penaltyMinor = penaltyMinor
        }
    }

    /// The remedy offered to the customer, and its approval.
    public struct Proposal: Sendable, Equatable {
        public var remedies: [Remedy]
        public var amountMinor: Int64?
        public var currency: String?
        public var description: String
        public var approvedBy: String?
        public var approvedAt: Instant?
        /// The customer's answer, once they gave one.
        public var answer: CustomerAnswer?

        /// A proposal, not yet approved unless `approvedBy` is given.
        public init(
            remedies: [Remedy], amountMinor: Int64?, currency: String?, description: String,
            approvedBy: String? = nil, approvedAt: Instant? = nil, answer: CustomerAnswer? = nil
        ) {
            self.remedies = remedies
            self.amountMinor = amountMinor
            self.currency = currency
            self.description = description
            self.approvedBy = approvedBy
            self.approvedAt = approvedAt
            self.answer = answer
        }
    }

    /// What the customer said to an approved proposal: accepted or declined, why, how they said
    /// it (`tracking` through their own page, or the channel an agent heard it on), and when.
    public struct CustomerAnswer: Sendable, Equatable {
        public var accepted: Bool
        public var comment: String?
        public var via: String
        public var at: Instant

        /// An answer from its parts.
        public init(accepted: Bool, comment: String?, via: String, at: Instant) {
            self.accepted = accepted
            self.comment = comment
            self.via = via
            self.at = at
        }
    }

    /// How the complaint was resolved and how the customer was told.
    public struct Resolution: Sendable, Equatable {
        public var note: String
        public var notifiedVia: String

        /// A resolution.
        public init(note: String, notifiedVia: String) {
            self.note = note
            self.notifiedVia = notifiedVia
        }
    }

    /// What the customer said at follow-up.
    public struct Satisfaction: Sendable, Equatable {
        public var satisfied: Bool
        public var score: Int
        public var comment: String?
        public var method: FollowUpMethod
        public var recordedAt: Instant

        /// A follow-up's outcome.
        public init(satisfied: Bool, score: Int, comment: String?, method: FollowUpMethod, recordedAt: Instant) {
            self.satisfied = satisfied
            self.score = score
            self.comment = comment
            self.method = method
            self.recordedAt = recordedAt
        }
    }
}

/// A kind of remedy a proposal can offer.
public enum Remedy: String, Sendable, CaseIterable {
    case apology, explanation, repair, replacement
    case refundFull = "refund_full"
    case refundPartial = "refund_partial"
    case compensation
    case redoService = "redo_service"
    case other
}

/// How a follow-up reached the customer.
public enum FollowUpMethod: String, Sendable, CaseIterable {
    case phone, visit, letter, message
    case selfService = "self_service"
}
