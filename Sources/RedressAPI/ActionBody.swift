import HTTP
import RedressDomain

/// Reads the body of `POST /v1/complaints/{ref}/{action}` into the action's input: only the
/// fields the action takes, each of the right JSON type. Which fields are required, and what their
/// values may be, is the lifecycle's to judge (`ActionInput.validate()`); the route asks it before
/// looking at the complaint, so a body that could never be taken is 422 whatever its status or
/// `If-Match`.
enum ActionBody {
    /// The request's input for `action`; a request without a body reads as `{}`. 415, 400 or 422
    /// when the body is not JSON, not an object, or holds an unknown field or a value of the wrong type.
    static func input(for action: Action, from request: HTTPRequest) throws(Problem) -> ActionInput {
        // Actions such as `approve` need no fields, so a bare POST is a complete request.
        var body = request.body.isEmpty ? try RequestBody.parse(json: Array("{}".utf8)) : try RequestBody.parse(request)
        let input = read(action, from: &body)
        try body.validate()
        return input
    }

    private static func read(_ action: Action, from body: inout RequestBody) -> ActionInput {
        switch action {
        case .assess:
            body.rejectUnknown(["valid", "category", "priority", "note"])
            return .assess(
                ActionInput.Assessment(
                    valid: body.bool("valid"), category: body.string("category"),
                    priority: body.choice("priority"), note: body.string("note")))
        case .assign:
            body.rejectUnknown(["department", "assignee"])
            // A number is a staff user's id; text is a user's e-mail or, as before users, a name.
            if case .int(let user)? = body.value("assignee") {
                return .assign(
                    ActionInput.Assignment(department: body.string("department"), assignee: nil, assigneeUser: user))
            }
            return .assign(
                ActionInput.Assignment(department: body.string("department"), assignee: body.string("assignee")))
        case .investigate:
            body.rejectUnknown(["findings", "root_cause", "report"])
            return .investigate(
                ActionInput.Findings(
                    findings: body.string("findings"), rootCause: body.string("root_cause"),
                    report: body.string("report")))
        case .propose:
            return .propose(proposal(from: &body))
        case .approve:
            return .approve(comment: text("comment", from: &body))
        case .sendBack:
            return .sendBack(comment: text("comment", from: &body))
        case .resolve:
            body.rejectUnknown(["note", "notified_via"])
            return .resolve(note: body.string("note"), notifiedVia: body.string("notified_via"))
        case .followUp:
            body.rejectUnknown(["method", "satisfied", "score", "comment"])
            return .followUp(
                ActionInput.FollowUp(
                    method: body.choice("method"), satisfied: body.bool("satisfied"),
                    score: body.integer("score").map(Int.init),
                    comment: body.string("comment")))
        case .contact:
            body.rejectUnknown(["method", "summary", "visibility"])
            return .contact(
                ActionInput.Contact(
                    method: body.choice("method"), summary: body.string("summary"),
                    visibility: body.choice("visibility")))
        case .awaitCustomer:
            body.rejectUnknown(["question", "channel"])
            return .awaitCustomer(question: body.string("question"), channel: body.choice("channel"))
        case .customerReplied:
            body.rejectUnknown(["summary", "channel"])
            return .customerReplied(summary: body.string("summary"), channel: body.choice("channel"))
        case .withdraw:
            return .withdraw(reason: text("reason", from: &body))
        case .escalate:
            return .escalate(reason: text("reason", from: &body))
        case .reopen:
            return .reopen(reason: text("reason", from: &body))
        case .answerProposal:
            body.rejectUnknown(["accepted", "comment", "via"])
            return .answerProposal(
                ActionInput.ProposalAnswer(
                    accepted: body.bool("accepted"), comment: body.string("comment"),
                    via: body.string("via")))
        case .merge:
            body.rejectUnknown(["into", "reason"])
            return .merge(into: body.string("into"), reason: body.string("reason"))
        }
    }

    // The bodies made of one text field: a comment or a reason.
    private static func text(_ name: String, from body: inout RequestBody) -> String? {
        body.rejectUnknown([name])
        return body.string(name)
    }

    private static func proposal(from body: inout RequestBody) -> ActionInput.RemedyProposal {
        body.rejectUnknown(["remedies", "amount_minor", "currency", "description", "root_cause", "responsibility"])
        let remedies: [Remedy]? = body.choices("remedies")
        let responsibility = body.object("responsibility") { nested in
            nested.rejectUnknown(["department", "person", "penalty_minor"])
            return Complaint.Responsibility(
                department: nested.string("department"), person: nested.string("person"),
                penaltyMinor: nested.integer("penalty_minor"))
        }
        return ActionInput.RemedyProposal(
            remedies: remedies, amountMinor: body.integer("amount_minor"),
            currency: body.string("currency"), description: body.string("description"),
            rootCause: body.string("root_cause"), responsibility: responsibility)
    }
}
