/// An action with its request body, decoded to Swift types by the HTTP layer but not yet checked:
/// a field the body left out is nil here, and `validate()` says which ones were required.
public enum ActionInput: Sendable, Equatable {
    case assess(Assessment)
    case assign(Assignment)
    case investigate(Findings)
    case propose(RemedyProposal)
    case approve(comment: String?)
    case sendBack(comment: String?)
    case resolve(note: String?, notifiedVia: String?)
    case followUp(FollowUp)
    case contact(Contact)
    case awaitCustomer(question: String?, channel: ContactMethod?)
    case customerReplied(summary: String?, channel: ContactMethod?)
    case withdraw(reason: String?)
    case escalate(reason: String?)
    case reopen(reason: String?)
    case answerProposal(ProposalAnswer)
    /// `into`: the id or case number of the complaint the duplicate is merged into.
    case merge(into: String?, reason: String?)

    /// The action this input is for.
    public var action: Action {
        switch self {
        case .assess: .assess
        case .assign: .assign
        case .investigate: .investigate
        case .propose: .propose
        case .approve: .approve
        case .sendBack: .sendBack
        case .resolve: .resolve
        case .followUp: .followUp
        case .contact: .contact
        case .awaitCustomer: .awaitCustomer
        case .customerReplied: .customerReplied
        case .withdraw: .withdraw
        case .escalate: .escalate
        case .reopen: .reopen
        case .answerProposal: .answerProposal
        case .merge: .merge
        }
    }

    /// The body of `assess`.
    public struct Assessment: Sendable, Equatable {
        /// Whether the complaint is one the company should handle.
        public var valid: Bool?
        /// A category key, classifying the complaint.
        public var category: String?
        /// A new priority; its due dates are recomputed.
        public var priority: Priority?
        /// Required when `valid` is false: the explanation the customer reads.
        public var note: String?

        /// An assessment from its fields.
        public init(valid: Bool?, category: String? = nil, priority: Priority? = nil, note: String? = nil) {
            self.valid = valid
            self.category = category
            self.priority = priority
            self.note = note
        }
    }

    /// The body of `assign`.
    public struct Assignment: Sendable, Equatable {
        /// The key of an existing department.
        public var department: String?
        /// The person responsible for seeing the complaint through: free text, or, where the casework
        /// finds one, a staff user's display name.
        public var assignee: String?
        /// The staff user assigned, by id; the casework fills it in from a user's e-mail in `assignee`.
        public var assigneeUser: Int64?

        /// An assignment from its fields.
        public init(department: String?, assignee: String?, assigneeUser: Int64? = nil) {
            self.department = department
            self.assignee = assignee
            self.assigneeUser = assigneeUser
        }
    }

    /// The body of `investigate`; a nil field keeps what the complaint already has.
    public struct Findings: Sendable, Equatable {
        /// What the investigation found.
        public var findings: String?
        /// Why it happened.
        public var rootCause: String?
        /// The investigation report; the first one stops the `investigation_report` clock.
        public var report: String?

        /// Findings from their fields.
        public init(findings: String? = nil, rootCause: String? = nil, report: String? = nil) {
            self.findings = findings
            self.rootCause = rootCause
            self.report = report
        }
    }

    /// The body of `contact`: the customer was reached.
    public struct Contact: Sendable, Equatable {
        /// How they were reached.
        public var method: ContactMethod?
        /// What was said.
        public var summary: String?
        /// Whether the customer sees the summary in their timeline; internal when nil.
        public var visibility: ContactVisibility?

        /// A contact from its fields.
        public init(method: ContactMethod?, summary: String?, visibility: ContactVisibility? = nil) {
            self.method = method
            self.summary = summary
            self.visibility = visibility
        }
    }

    /// The body of `propose`.
    public struct RemedyProposal: Sendable, Equatable {
        /// What is offered; at least one, none twice.
        public var remedies: [Remedy]?
        /// The money offered, in minor units; required with a refund or compensation.
        public var amountMinor: Int64?
        /// Defaults to the settings' currency when an amount is given.
        public var currency: String?
        /// The remedy as the customer will hear it.
        public var description: String?
        /// The root cause the remedy answers; replaces the investigation's.
        public var rootCause: String?
        /// Who was responsible; nil keeps the earlier finding.
        public var responsibility: Complaint.Responsibility?

        /// A proposal from its fields.
        public init(
            remedies: [Remedy]?, amountMinor: Int64? = nil, currency: String? = nil, description: String?,
            rootCause: String?, responsibility: Complaint.Responsibility? = nil
        ) {
            self.remedies = remedies
            self.amountMinor = amountMinor
            self.currency = currency
            self.description = description
            self.rootCause = rootCause
            self.responsibility = responsibility
        }
    }

    /// The body of `answer-proposal`: the customer's answer to the approved proposal.
    public struct ProposalAnswer: Sendable, Equatable {
        /// Whether the customer accepts it; a decline sends the complaint back to investigation.
        public var accepted: Bool?
        /// What the customer said; required with a decline, as the reason.
        public var comment: String?
        /// How the answer came: `tracking` from the customer's own page, else the channel an agent
        /// heard it on (phone, visit...).
        public var via: String?

        /// An answer from its fields.
        public init(accepted: Bool?, comment: String? = nil, via: String?) {
            self.accepted = accepted
            self.comment = comment
            self.via = via
        }
    }

    /// The body of `follow-up`.
    public struct FollowUp: Sendable, Equatable {
        /// How the customer was reached.
        public var method: FollowUpMethod?
        /// Whether the customer is satisfied: closes the complaint, or sends it back to investigation.
        public var satisfied: Bool?
        /// From 1 to 5.
        public var score: Int?
        /// What the customer said.
        public var comment: String?

        /// A follow-up from its fields.
        public init(method: FollowUpMethod?, satisfied: Bool?, score: Int?, comment: String? = nil) {
            self.method = method
            self.satisfied = satisfied
            self.score = score
            self.comment = comment
        }
    }
}

/// How an agent reached the customer (`contact`).
public enum ContactMethod: String, Sendable, CaseIterable {
    case phone, email, message, letter, visit
    case inPerson = "in_person"
}

/// Who sees a contact's summary: staff only, or the customer too.
public enum ContactVisibility: String, Sendable, CaseIterable {
    case `internal`, `public`
}
