/// An action's input once `ActionInput.validated()` has checked it: every field the action needs
/// is there and typed as present, so the lifecycle applies it without unwrapping anything.
public enum ValidAction: Sendable, Equatable {
    case assess(Assessment)
    case assign(department: String, assignee: String, assigneeUser: Int64? = nil)
    case investigate(findings: String?, rootCause: String?, report: String?)
    case propose(Proposal)
    case approve(comment: String?)
    case sendBack(comment: String)
    case resolve(note: String, notifiedVia: String)
    case followUp(FollowUp)
    case contact(method: ContactMethod, summary: String, visibility: ContactVisibility)
    case awaitCustomer(question: String, channel: ContactMethod)
    case customerReplied(summary: String, channel: ContactMethod)
    case withdraw(reason: String)
    case escalate(reason: String)
    case reopen(reason: String)
    case answerProposal(accepted: Bool, comment: String?, via: String)
    /// `into` as the request named it; the lifecycle is given the complaint it names.
    case merge(into: String, reason: String)

    /// A checked `assess`: the verdict, with the explanation a rejection must give.
    public struct Assessment: Sendable, Equatable {
        public enum Verdict: Sendable, Equatable {
            /// The company handles it; a note, if any, is kept in the event alone.
            case valid(note: String?)
            /// Not a complaint the company handles; `note` is what the customer reads.
            case rejected(note: String)
        }

        public var verdict: Verdict
        public var category: String?
        public var priority: Priority?

        /// An assessment from its parts.
        public init(verdict: Verdict, category: String?, priority: Priority?) {
            self.verdict = verdict
            self.category = category
            self.priority = priority
        }
    }

    /// A checked `propose`.
    public struct Proposal: Sendable, Equatable {
        public var remedies: [Remedy]
        public var amountMinor: Int64?
        public var currency: String?
        public var description: String
        public var rootCause: String
        public var responsibility: Complaint.Responsibility?
    }

    /// A checked `follow-up`.
    public struct FollowUp: Sendable, Equatable {
        public var method: FollowUpMethod
        public var satisfied: Bool
        public var score: Int
        public var comment: String?
    }
}

extension ActionInput {
    /// The input as a `ValidAction`, or every way it breaks the rules (`validate()`).
    public func validated() -> Result<ValidAction, InvalidInput> {
        let errors = validate()
        guard errors.isEmpty else { return .failure(InvalidInput(errors: errors)) }
        guard let action = present else {
            // `validate` requires every field `present` needs; reaching here is a rule out of step.
            return .failure(InvalidInput(errors: [FieldError(action.rawValue, "is missing a required field")]))
        }
        return .success(action)
    }

    // The input with its required fields present, nil when one is missing.
    private var present: ValidAction? {
        switch self {
        case .assess(let input):
            guard let valid = input.valid else { return nil }
            let verdict: ValidAction.Assessment.Verdict
            if valid {
                verdict = .valid(note: input.note)
            } else {
                guard let note = input.note else { return nil }
                verdict = .rejected(note: note)
            }
            return .assess(.init(verdict: verdict, category: input.category, priority: input.priority))
        case .assign(let input):
            guard let department = input.department, let assignee = input.assignee else { return nil }
            return .assign(department: department, assignee: assignee, assigneeUser: input.assigneeUser)
        case .investigate(let input):
            return .investigate(findings: input.findings, rootCause: input.rootCause, report: input.report)
        case .propose(let input):
            guard let remedies = input.remedies, let description = input.description, let rootCause = input.rootCause
            else { return nil }
            return .propose(
                .init(
                    remedies: remedies, amountMinor: input.amountMinor, currency: input.currency,
                    description: description, rootCause: rootCause, responsibility: input.responsibility))
        case .approve(let comment):
            return .approve(comment: comment)
        case .sendBack(let comment):
            return comment.map { .sendBack(comment: $0) }
        case .resolve(let note, let notifiedVia):
            guard let note, let notifiedVia else { return nil }
            return .resolve(note: note, notifiedVia: notifiedVia)
        case .followUp(let input):
            guard let method = input.method, let satisfied = input.satisfied, let score = input.score else {
                return nil
            }
            return .followUp(.init(method: method, satisfied: satisfied, score: score, comment: input.comment))
        case .contact(let input):
            guard let method = input.method, let summary = input.summary else { return nil }
            return .contact(method: method, summary: summary, visibility: input.visibility ?? .internal)
        case .awaitCustomer(let question, let channel):
            guard let question, let channel else { return nil }
            return .awaitCustomer(question: question, channel: channel)
        case .customerReplied(let summary, let channel):
            guard let summary, let channel else { return nil }
            return .customerReplied(summary: summary, channel: channel)
        case .withdraw(let reason):
            return reason.map { .withdraw(reason: $0) }
        case .escalate(let reason):
            return reason.map { .escalate(reason: $0) }
        case .reopen(let reason):
            return reason.map { .reopen(reason: $0) }
        case .answerProposal(let input):
            guard let accepted = input.accepted, let via = input.via, accepted || input.comment != nil else {
                return nil
            }
            return .answerProposal(accepted: accepted, comment: input.comment, via: via)
        case .merge(let into, let reason):
            guard let into, let reason else { return nil }
            return .merge(into: into, reason: reason)
        }
    }
}

/// Input that breaks the rules, with every field in error.
public struct InvalidInput: Error, Sendable, Equatable {
    public var errors: [FieldError]
}
