/// A step in a complaint's life, taken with `POST /v1/complaints/{ref}/{action}`.
///
/// The cases are in the order of the lifecycle table in API.md, which is also the order of a
/// complaint's `allowed_actions`.
public enum Action: String, CaseIterable, Sendable {
    case assess, assign, investigate, propose, approve
    case sendBack = "send-back"
    case resolve
    case followUp = "follow-up"
    case contact
    case awaitCustomer = "await-customer"
    case customerReplied = "customer-replied"
    case withdraw, escalate, reopen
    case answerProposal = "answer-proposal"
    /// Closes a duplicate as `merged` into another open complaint, which carries on for both.
    case merge

    /// The statuses the action may be taken from.
    public var sources: [Status] {
        switch self {
        case .assess: [.received]
        case .assign: [.accepted, .assigned, .investigating, .proposed]
        case .investigate: [.assigned, .investigating]
        case .propose: [.investigating]
        case .approve, .sendBack: [.proposed]
        case .resolve: [.approved]
        case .followUp: [.resolved]
        case .contact, .withdraw, .escalate: Status.open
        // Waiting on the customer pauses the resolution clock, so only while it runs.
        case .awaitCustomer: [.received, .accepted, .assigned, .investigating, .proposed, .approved]
        case .customerReplied: [.awaitingCustomer]
        case .reopen: [.closed, .rejected]
        case .answerProposal: [.approved]
        case .merge: Status.open
        }
    }

    /// The least role that may take the action.
    public var minimumRole: Role {
        switch self {
        case .approve, .sendBack, .reopen: .supervisor
        default: .agent
        }
    }

    /// The type of the event the action records, such as `complaint.sent_back`.
    public var eventType: String {
        switch self {
        case .assess: "complaint.assessed"
        case .assign: "complaint.assigned"
        case .investigate: "complaint.investigated"
        case .propose: "complaint.proposed"
        case .approve: "complaint.approved"
        case .sendBack: "complaint.sent_back"
        case .resolve: "complaint.resolved"
        case .followUp: "complaint.followed_up"
        case .contact: "complaint.contacted"
        case .awaitCustomer: "complaint.awaiting_customer"
        case .customerReplied: "complaint.customer_replied"
        case .withdraw: "complaint.withdrawn"
        case .escalate: "complaint.escalated"
        case .reopen: "complaint.reopened"
        case .answerProposal: "complaint.proposal_answered"
        case .merge: "complaint.merged"
        }
    }
}
