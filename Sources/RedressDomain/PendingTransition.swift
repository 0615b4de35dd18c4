/// One action being applied to a complaint already checked for role and status, its content a
/// `ValidAction`: each method changes the complaint and records the event saying so.
struct PendingTransition {
    /// The complaint as changed so far.
    private(set) var complaint: Complaint
    /// The events recorded so far.
    private(set) var events: [DomainEvent] = []
    /// Who takes the action.
    let actor: Actor
    /// The limits and thresholds in force.
    let settings: Settings
    /// The time-limit policies in force, which set the due dates.
    let timeLimits: SLAPolicyList
    /// When the action is taken.
    let now: Instant
    /// For `merge`: the complaint the duplicate is merged into, already checked to be another open one.
    let survivor: Complaint.Reference?

    /// Starts from `complaint` as it stands.
    init(
        complaint: Complaint, actor: Actor, settings: Settings, timeLimits: SLAPolicyList, now: Instant,
        survivor: Complaint.Reference? = nil
    ) {
        self.complaint = complaint
        self.actor = actor
        self.settings = settings
        self.timeLimits = timeLimits
        self.now = now
        self.survivor = survivor
    }

    /// The outcome: the complaint one version on, changed at `now`, and its events.
    var transition: Transition {
        var changed = complaint
        changed.version += 1
        changed.updatedAt = now
        return Transition(complaint: changed, events: events, actor: actor)
    }

    /// Applies `action`.
    mutating func take(_ action: ValidAction) {
        switch action {
        case .assess(let assessment): assess(assessment)
        case .assign(let department, let assignee, let user):
            assign(department: department, assignee: assignee, user: user)
        case .investigate(let findings, let rootCause, let report):
            investigate(findings: findings, rootCause: rootCause, report: report)
        case .propose(let proposal): propose(proposal)
        case .approve(let comment): approve(comment: comment)
        case .sendBack(let comment): sendBack(comment: comment)
        case .resolve(let note, let notifiedVia): resolve(note: note, notifiedVia: notifiedVia)
        case .followUp(let report): followUp(report)
        case .contact(let method, let summary, let visibility):
            contact(method: method, summary: summary, visibility: visibility)
        case .awaitCustomer(let question, let channel): awaitCustomer(question: question, channel: channel)
        case .customerReplied(let summary, let channel): customerReplied(summary: summary, channel: channel)
        case .withdraw(let reason): withdraw(reason: reason)
        case .escalate(let reason): escalate(reason: reason)
        case .reopen(let reason): reopen(reason: reason)
        case .answerProposal(let accepted, let comment, let via):
            answerProposal(accepted: accepted, comment: comment, via: via)
        case .merge(_, let reason): merge(into: survivor, reason: reason)
        }
    }

    private mutating func assess(_ input: ValidAction.Assessment) {
        let from = complaint.status
        let previousPriority = complaint.priority
        if let category = input.category {
            complaint.category = category
        }
        if let priority = input.priority {
            setPriority(priority, reason: "set at assessment")
        }
        var firstResponse = false
        let (valid, note): (Bool, String?)
        switch input.verdict {
        case .valid(let given):
            (valid, note) = (true, given)
            complaint.status = .accepted
        case .rejected(let explanation):
            (valid, note) = (false, explanation)
            complaint.status = .rejected
            complaint.validityNote = explanation
            complaint.closedAt = now
            firstResponse = Lifecycle.recordFirstResponse(of: &complaint, at: now)
        }
        record(
            .assess, from: from,
            [
                ("valid", .bool(valid)), ("note", EventValue(note)), ("category", EventValue(complaint.category)),
            ] + priorityChange(from: previousPriority) + [("first_response", .bool(firstResponse))])
    }

    private mutating func assign(department: String, assignee: String, user: Int64?) {
        let from = complaint.status
        let previous = (department: complaint.department, assignee: complaint.assignee)
        complaint.department = department
        complaint.assignee = assignee
        complaint.assigneeUser = user
        if from == .accepted {
            complaint.status = .assigned
        }
        // A department's limit counts from when it was given the complaint: another department
        // starts its own clock; a new assignee within the same department does not.
        if department != previous.department {
            complaint.departmentPausedFor = 0
            timeLimits.setDepartmentDue(of: &complaint, since: now)
        }
        // Naming who handles it is internal: the customer has not been reached (issue 19, point 4).
        record(
            .assign, from: from,
            [
                ("department", EventValue(complaint.department)), ("assignee", EventValue(complaint.assignee)),
                ("previous_department", EventValue(previous.department)),
                ("previous_assignee", EventValue(previous.assignee)), ("assignee_user", EventValue(user)),
                ("department_due_at", EventValue(complaint.departmentDueAt)),
            ])
    }

    private mutating func investigate(findings: String?, rootCause: String?, report: String?) {
        let from = complaint.status
        complaint.status = .investigating
        // Findings come in over days: what this update leaves out stays as it was.
        if findings != nil || rootCause != nil || report != nil {
            let earlier = complaint.investigation
            complaint.investigation = Complaint.Investigation(
                findings: findings ?? earlier?.findings, rootCause: rootCause ?? earlier?.rootCause,
                report: report ?? earlier?.report
            )
        }
        // The first report meets the investigation-report clock; a later one revises it.
        let reported = report != nil && complaint.investigationReportedAt == nil
        if reported { complaint.investigationReportedAt = now }
        record(
            .investigate, from: from,
            [
                ("findings", EventValue(findings)), ("root_cause", EventValue(rootCause)),
                ("report", EventValue(report)),
                ("investigation_reported", .bool(reported)),
            ])
    }

    // The customer was reached: the first contact, if none came before.
    private mutating func contact(method: ContactMethod, summary: String, visibility: ContactVisibility) {
        let firstResponse = Lifecycle.recordFirstResponse(of: &complaint, at: now)
        record(
            .contact, from: complaint.status,
            [
                ("method", .string(method.rawValue)), ("summary", .string(summary)),
                ("visibility", .string(visibility.rawValue)),
                ("first_response", .bool(firstResponse)),
            ])
    }

    // The team asked the customer something: the resolution clock stops until they answer.
    private mutating func awaitCustomer(question: String, channel: ContactMethod) {
        let from = complaint.status
        complaint.awaitingFrom = from
        complaint.awaitingSince = now
        complaint.status = .awaitingCustomer
        record(.awaitCustomer, from: from, [("question", .string(question)), ("channel", .string(channel.rawValue))])
    }

    // The customer answered: back to where it was, the resolution due date moved out by the pause.
    private mutating func customerReplied(summary: String, channel: ContactMethod) {
        let from = complaint.status
        let paused = timeLimits.resumeResolution(of: &complaint, pausedFrom: complaint.awaitingSince ?? now, until: now)
        timeLimits.resumeDepartment(of: &complaint, pausedFrom: complaint.awaitingSince ?? now, until: now)
        complaint.status = complaint.awaitingFrom ?? .investigating
        complaint.awaitingFrom = nil
        complaint.awaitingSince = nil
        record(
            .customerReplied, from: from,
            [
                ("summary", .string(summary)), ("channel", .string(channel.rawValue)), ("paused_for", .int(paused)),
                ("resolution_due_at", EventValue(complaint.resolutionDueAt)),
                ("department_due_at", EventValue(complaint.departmentDueAt)),
            ])
    }

    private mutating func propose(_ input: ValidAction.Proposal) {
        let from = complaint.status
        let remedies = input.remedies
        let amount = input.amountMinor
        complaint.proposal = Complaint.Proposal(
            remedies: remedies, amountMinor: amount, currency: amount.map { _ in input.currency ?? settings.currency },
            description: input.description
        )
        complaint.investigation = Complaint.Investigation(
            findings: complaint.investigation?.findings,
            rootCause: input.rootCause)
        if let responsibility = input.responsibility {
            complaint.responsibility = responsibility
        }
        complaint.status = .proposed
        record(
            .propose, from: from,
            [
                ("remedies", .array(remedies.map { .string($0.rawValue) })), ("amount_minor", EventValue(amount)),
                ("currency", EventValue(complaint.proposal?.currency)), ("description", .string(input.description)),
                ("root_cause", .string(input.rootCause)),
                ("responsible_department", EventValue(complaint.responsibility?.department)),
                ("responsible_person", EventValue(complaint.responsibility?.person)),
                ("penalty_minor", EventValue(complaint.responsibility?.penaltyMinor)),
            ])
        // Remedies within an agent's authority need no supervisor (DOMAIN.md step 7).
        if settings.approval.approver(for: remedies, amountMinor: amount) == nil {
            approve(by: Lifecycle.autoApprover, comment: nil, threshold: settings.approval.thresholdMinor)
        }
    }

    private mutating func approve(comment: String?) {
        approve(by: actor.name, comment: comment, threshold: nil)
    }

    // `threshold` is the limit the proposal was within when the approval is automatic.
    private mutating func approve(by approver: String, comment: String?, threshold: Int64?) {
        let from = complaint.status
        complaint.proposal?.approvedBy = approver
        complaint.proposal?.approvedAt = now
        complaint.status = .approved
        // An approved proposal is what is put to the customer: that is a contact.
        let firstResponse = Lifecycle.recordFirstResponse(of: &complaint, at: now)
        record(
            .approve, from: from,
            [
                ("auto", .bool(threshold != nil)), ("approved_by", .string(approver)), ("comment", EventValue(comment)),
                ("threshold_minor", EventValue(threshold)), ("first_response", .bool(firstResponse)),
            ])
    }

    private mutating func sendBack(comment: String) {
        let from = complaint.status
        complaint.proposal = nil
        complaint.status = .investigating
        record(.sendBack, from: from, [("comment", .string(comment))])
    }

    private mutating func resolve(note: String, notifiedVia: String) {
        let from = complaint.status
        complaint.resolution = Complaint.Resolution(note: note, notifiedVia: notifiedVia)
        // The customer was told (`notified_via`); approval normally counted as the contact already.
        Lifecycle.recordFirstResponse(of: &complaint, at: now)
        complaint.resolvedAt = now
        timeLimits.setFollowUpDue(of: &complaint, resolvedAt: now)
        complaint.status = .resolved
        record(
            .resolve, from: from,
            [
                ("note", .string(note)), ("notified_via", .string(notifiedVia)),
                ("follow_up_due_at", EventValue(complaint.followUpDueAt)),
            ])
    }

    private mutating func followUp(_ input: ValidAction.FollowUp) {
        let from = complaint.status
        let satisfied = input.satisfied
        complaint.satisfaction = Complaint.Satisfaction(
            satisfied: satisfied, score: input.score, comment: input.comment,
            method: input.method, recordedAt: now)
        if satisfied {
            complaint.status = .closed
            complaint.closedAt = now
        } else {
            handleAgain()
        }
        record(
            .followUp, from: from,
            [
                ("method", .string(input.method.rawValue)), ("satisfied", .bool(satisfied)),
                ("score", .int(Int64(input.score))),
                ("comment", EventValue(input.comment)), ("reopen_count", .int(Int64(complaint.reopenCount))),
                ("resolution_due_at", EventValue(complaint.resolutionDueAt)),
            ])
    }

    // The answer stays on the proposal either way, so that staff see what the customer said; a
    // decline sends the complaint back to investigation for a new proposal, which replaces it.
    private mutating func answerProposal(accepted: Bool, comment: String?, via: String) {
        let from = complaint.status
        complaint.proposal?.answer = Complaint.CustomerAnswer(accepted: accepted, comment: comment, via: via, at: now)
        if !accepted { complaint.status = .investigating }
        record(
            .answerProposal, from: from,
            [
                ("accepted", .bool(accepted)), ("comment", EventValue(comment)), ("via", .string(via)),
            ])
    }

    private mutating func withdraw(reason: String) {
        let from = complaint.status
        complaint.awaitingFrom = nil
        complaint.awaitingSince = nil
        complaint.status = .withdrawn
        complaint.closedAt = now
        record(.withdraw, from: from, [("reason", .string(reason))])
    }

    // Ended like a withdrawal, its clocks stopped. `Lifecycle.apply` gives the survivor it checked,
    // since the input names it only by the text the request sent.
    private mutating func merge(into survivor: Complaint.Reference?, reason: String) {
        let from = complaint.status
        complaint.awaitingFrom = nil
        complaint.awaitingSince = nil
        complaint.status = .merged
        complaint.closedAt = now
        complaint.mergedInto = survivor
        record(
            .merge, from: from,
            [
                ("duplicate", .string(complaint.number.description)), ("duplicate_id", .int(complaint.id)),
                ("survivor", EventValue(survivor?.number.description)), ("survivor_id", EventValue(survivor?.id)),
                ("reason", .string(reason)),
            ])
    }

    private mutating func escalate(reason: String) {
        let previousPriority = complaint.priority
        setPriority(previousPriority.raised, reason: "raised one level by escalation")
        complaint.escalated = true
        record(
            .escalate, from: complaint.status, [("reason", .string(reason))] + priorityChange(from: previousPriority))
    }

    // A rejected complaint goes back to be assessed again, a closed one to investigation; either
    // way it counts as reopened and its resolution clock starts again.
    private mutating func reopen(reason: String) {
        let from = complaint.status
        if from == .closed {
            handleAgain()
        } else {
            complaint.status = .received
            complaint.validityNote = nil
            complaint.closedAt = nil
            complaint.reopenCount += 1
            timeLimits.restartResolution(of: &complaint, at: now)
        }
        record(
            .reopen, from: from,
            [
                ("reason", .string(reason)), ("reopen_count", .int(Int64(complaint.reopenCount))),
                ("resolution_due_at", EventValue(complaint.resolutionDueAt)),
            ])
    }

    // Back to investigating after a resolution that did not settle the complaint (an unsatisfied
    // follow-up, or a closed complaint reopened): undone so that it is resolved and followed up
    // again, against a resolution due date counted from now. The satisfaction stays stored for
    // the reports, but is no longer the current one (`Complaint.currentSatisfaction`).
    private mutating func handleAgain() {
        complaint.status = .investigating
        complaint.reopenCount += 1
        complaint.resolution = nil
        complaint.resolvedAt = nil
        complaint.closedAt = nil
        timeLimits.restartResolution(of: &complaint, at: now)
    }

    // Due dates count from `received_at` under the policies in force, so they are recomputed even
    // when the priority stays (a critical complaint escalated again); the reason changes only with it.
    private mutating func setPriority(_ priority: Priority, reason: String) {
        if priority != complaint.priority {
            complaint.priority = priority
            complaint.priorityReason = reason
        }
        timeLimits.setDueDatesFromReceipt(of: &complaint)
    }

    private func priorityChange(from previous: Priority) -> [(String, EventValue)] {
        [
            ("priority", .string(complaint.priority.rawValue)), ("previous_priority", .string(previous.rawValue)),
            ("first_response_due_at", EventValue(complaint.firstResponseDueAt)),
            ("resolution_due_at", EventValue(complaint.resolutionDueAt)),
            ("sla_policy", EventValue(complaint.timeLimits.policy)),
        ]
    }

    private mutating func record(_ action: Action, from: Status, _ data: [(String, EventValue)]) {
        events.append(DomainEvent(type: action.eventType, fromStatus: from, toStatus: complaint.status, data: data))
    }
}
