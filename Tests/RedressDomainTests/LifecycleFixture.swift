import RedressDomain

/// A complaint at every stage of its life, consistent with how it got there, and the inputs and
/// clock the lifecycle tests share. Times are counted in hours from `receivedAt`.
enum LifecycleFixture {
    static let receivedAt = Instant(rfc3339: "2026-11-22T00:00:00Z")!
    /// The moment every action in these tests is taken: five hours after receipt.
    static let now = at(hours: 5)
    static let settings = Settings.defaults
    static let departments: Set<String> = ["after_sales", "logistics"]
    static let agent = Actor(name: "Li Lei", role: .agent)
    static let supervisor = Actor(name: "Zhang Wei", role: .supervisor)

    /// The instant `hours` after receipt.
    static func at(hours: Double) -> Instant {
        receivedAt.adding(hours: hours)
    }

    /// A normal-priority complaint in `status`, with what the steps before it would have recorded.
    static func complaint(_ status: Status) -> Complaint {
        var complaint = Complaint(
            id: 7, number: CaseNumber(month: "202611", serial: 42), version: 3, status: status,
            channel: .phone, priority: .normal, priorityReason: "no rule raised it",
            title: "Washing machine leaks", description: "Water on the floor after every wash.",
            complainant: Complainant(name: "王芳", phone: "+86 138-0013-8000"),
            subject: Subject(type: .product, ref: "WM-200"),
            receivedAt: receivedAt, receivedBy: "front desk", createdByKey: 2, createdAt: receivedAt,
            updatedAt: at(hours: 1),
            firstResponseDueAt: at(hours: 24), resolutionDueAt: at(hours: 168)
        )
        // How far along the handling path the complaint got; rejected and withdrawn ones left it at once.
        let path: [Status] = [
            .received, .accepted, .assigned, .investigating, .proposed, .approved, .resolved, .closed,
        ]
        let depth = path.firstIndex(of: status) ?? 0
        if depth >= 1 {
            complaint.category = "product_quality"
        }
        if depth >= 2 {
            complaint.department = "after_sales"
            complaint.assignee = "Li Lei"
            complaint.firstRespondedAt = at(hours: 1)
        }
        if depth >= 3 {
            complaint.investigation = Complaint.Investigation(findings: "The door seal is torn", rootCause: nil)
        }
        if depth >= 4 {
            complaint.investigation?.rootCause = "A faulty seal batch"
            complaint.proposal = Complaint.Proposal(
                remedies: [.repair, .compensation], amountMinor: 80_000,
                currency: "CNY", description: "Replace the seal and refund the call-out fee")
        }
        if depth >= 5 {
            complaint.proposal?.approvedBy = "Zhang Wei"
            complaint.proposal?.approvedAt = at(hours: 2)
        }
        if depth >= 6 {
            complaint.resolution = Complaint.Resolution(note: "Seal replaced", notifiedVia: "phone")
            complaint.resolvedAt = at(hours: 3)
            complaint.followUpDueAt = at(hours: 27)
        }
        switch status {
        case .closed:
            complaint.satisfaction = Complaint.Satisfaction(
                satisfied: true, score: 5, comment: nil, method: .phone,
                recordedAt: at(hours: 4))
            complaint.closedAt = at(hours: 4)
        case .rejected:
            complaint.validityNote = "The warranty ended in 2019."
            complaint.firstRespondedAt = at(hours: 2)
            complaint.closedAt = at(hours: 2)
        case .withdrawn:
            complaint.closedAt = at(hours: 2)
        case .merged:
            complaint.closedAt = at(hours: 2)
            complaint.mergedInto = Complaint.Reference(id: survivor.id, number: survivor.number)
        case .awaitingCustomer:
            // Asked the customer something while investigating.
            complaint = Self.complaint(.investigating)
            complaint.status = .awaitingCustomer
            complaint.awaitingFrom = .investigating
            complaint.awaitingSince = at(hours: 2)
        default:
            break
        }
        return complaint
    }

    /// A complete, valid input for `action`, choosing the first outcome the
    /// lifecycle table lists: accepted, proposed (above the threshold), satisfied.
    static func input(for action: Action) -> ActionInput {
        switch action {
        case .assess: .assess(.init(valid: true))
        case .assign: .assign(.init(department: "logistics", assignee: "Han Meimei"))
        case .investigate: .investigate(.init(findings: "Seal torn on delivery"))
        case .propose:
            .propose(
                .init(
                    remedies: [.replacement, .compensation], amountMinor: 60_000,
                    description: "A new machine and 600 CNY", rootCause: "Rough handling"))
        case .approve: .approve(comment: nil)
        case .sendBack: .sendBack(comment: "Offer a repair first")
        case .resolve: .resolve(note: "Machine replaced", notifiedVia: "phone")
        case .followUp: .followUp(.init(method: .phone, satisfied: true, score: 4))
        case .contact: .contact(.init(method: .phone, summary: "Told the customer a technician will call"))
        case .awaitCustomer: .awaitCustomer(question: "Which model is it?", channel: .phone)
        case .customerReplied: .customerReplied(summary: "It is the WM-200", channel: .phone)
        case .withdraw: .withdraw(reason: "The customer fixed it")
        case .escalate: .escalate(reason: "The customer called three times")
        case .reopen: .reopen(reason: "The leak is back")
        case .answerProposal: .answerProposal(.init(accepted: true, via: "phone"))
        case .merge: .merge(into: survivor.number.description, reason: "The same leak, reported twice")
        }
    }

    /// The open complaint a `merge` input names: another one about the same machine.
    static let survivor: Complaint = {
        var survivor = complaint(.investigating)
        survivor.id = 8
        survivor.number = CaseNumber(month: "202611", serial: 43)
        return survivor
    }()

    /// Applies `input` at `now` with the fixture's settings and departments; a `merge` finds `survivor`.
    static func apply(
        _ input: ActionInput, to complaint: Complaint, by actor: Actor = supervisor,
        settings: Settings = settings, survivor: Complaint? = survivor
    ) throws(LifecycleError) -> Transition {
        try Lifecycle.apply(
            input, to: complaint, by: actor, settings: settings, now: now,
            departmentExists: departments.contains, survivor: survivor)
    }
}
