/// The complaint's life as a pure state machine (API.md "Lifecycle", DOMAIN.md steps 3–10): an
/// action and the current complaint in, the changed complaint and the events to record out. The
/// caller reads and stores; the time is passed in.
///
/// Decisions the tables leave open:
/// - An assessment's `category` and `priority` apply whatever the verdict; a given priority, like
///   an escalation, recomputes the due dates counted from `received_at` under the time-limit policies in force. `validity_note` is set only on rejection; a note
///   with a valid verdict is kept in the event alone.
/// - Whether a proposal is approved at once, and who may approve it otherwise, is the settings'
///   `ApprovalPolicy`, judged when it is proposed and again, under the settings then in force,
///   when it is approved.
/// - `propose` replaces the proposal and the root cause; an omitted `responsibility` keeps the
///   earlier finding. Money remedies need an amount, so a refund cannot slip under the threshold.
/// - `send-back` clears the proposal: it was never approved nor carried out, and the
///   `complaint.proposed` event keeps it.
/// - Going back to investigating after resolution (an unsatisfied follow-up, or reopening a closed
///   complaint) adds one to `reopen_count` and clears `resolution`, `resolved_at` and
///   `follow_up_due_at`; the resolution clock starts again at `reopened_at`, with a due date from
///   the policy that applies then and no paused time, and the next resolution sets the follow-up's.
///   The proposal stays, since it was carried out; the last follow-up's `satisfaction` stays stored
///   for the reports but is no longer current (`Complaint.currentSatisfaction`): the events keep it.
/// - Reopening a rejected complaint returns it to received, counts a reopen, restarts the
///   resolution clock the same way, and clears `validity_note` and `closed_at`; the explanation
///   stays in the `complaint.assessed` event.
/// - Escalating a critical complaint is allowed: it stays critical, keeps its `priority_reason`
///   and is marked escalated.
/// - `merge` ends a duplicate as `merged`, for good (nothing reopens it), into another complaint
///   that is open: never itself, an ended one, or one merged itself. Since only an open complaint
///   takes a merge and a merged one never reopens, the merges form no loop.
public enum Lifecycle {
    /// The approver recorded on a proposal within the approval threshold.
    public static let autoApprover = "auto"

    /// The actions `role` may take on a complaint in `status`, in the lifecycle table's order.
    public static func allowedActions(for status: Status, role: Role) -> [Action] {
        Action.allCases.filter { $0.sources.contains(status) && role >= $0.minimumRole }
    }

    /// Takes the action `input` describes on `complaint` at `now`. Refuses a role below the
    /// action's first, then a status it cannot be taken from, then invalid content; otherwise
    /// returns the complaint one version on, and its events. Due dates come from `timeLimits`, or
    /// from the default policies of `settings` when it is nil. For `merge`, `survivor` is the
    /// complaint its `into` names, as the caller found it (nil when none).
    public static func apply(
        _ input: ActionInput, to complaint: Complaint, by actor: Actor, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant, departmentExists: (String) -> Bool,
        survivor: Complaint? = nil
    ) throws(LifecycleError) -> Transition {
        let action = input.action
        guard actor.role >= action.minimumRole else {
            throw .forbidden(required: action.minimumRole)
        }
        guard action.sources.contains(complaint.status) else {
            throw .notAllowed(
                status: complaint.status, allowed: allowedActions(for: complaint.status, role: actor.role))
        }
        // A proposal above the manager's threshold needs an admin, under the settings in force now.
        if action == .approve, let proposal = complaint.proposal,
            let needed = settings.approval.approver(for: proposal.remedies, amountMinor: proposal.amountMinor),
            actor.role < needed
        {
            throw .forbidden(required: needed)
        }
        let validated = input.validated()
        var errors: [FieldError] = []
        if case .failure(let invalid) = validated { errors = invalid.errors }
        let departmentErrors = departmentsNamed(by: input).compactMap { field, key -> FieldError? in
            // A blank or overlong key already has its error; asking about it would only repeat it.
            errors.contains { $0.field == field } || departmentExists(key)
                ? nil : FieldError(field, "must be the key of a department in use; GET /v1/departments lists them")
        }
        let mergeErrors = errors.contains { $0.field == "into" } ? [] : mergeErrors(input, of: complaint, survivor)
        guard case .success(let action) = validated, departmentErrors.isEmpty, mergeErrors.isEmpty else {
            throw .invalid(errors + departmentErrors + mergeErrors)
        }
        var pending = PendingTransition(
            complaint: complaint, actor: actor, settings: settings,
            timeLimits: timeLimits ?? .defaults(from: settings), now: now,
            survivor: survivor.map { Complaint.Reference(id: $0.id, number: $0.number) })
        pending.take(action)
        return pending.transition
    }

    /// Stamps the first response (the first-contact clock) at `now` unless there was one already,
    /// and says whether this was it. The customer reached: a `contact`, a rejection (the customer
    /// reads its explanation), an approved proposal, a resolution, or a public note sent to the
    /// customer (`notified_via`). An `assign` is internal and does not count.
    @discardableResult
    public static func recordFirstResponse(of complaint: inout Complaint, at now: Instant) -> Bool {
        guard complaint.firstRespondedAt == nil else { return false }
        complaint.firstRespondedAt = now
        return true
    }

    /// Why `duplicate` cannot be merged into `survivor`, the complaint a `merge` input's `into`
    /// names (nil when none does); empty for any other input.
    static func mergeErrors(_ input: ActionInput, of duplicate: Complaint, _ survivor: Complaint?) -> [FieldError] {
        guard case .merge(let into?, _) = input else { return [] }
        guard let survivor else {
            return [FieldError("into", "must name an existing complaint; no complaint \(into) exists")]
        }
        let message: String
        if survivor.id == duplicate.id {
            message = "must name another complaint: a complaint is not merged into itself"
        } else if survivor.status == .merged {
            let onward = survivor.mergedInto.map { "; merge into \($0.number) instead" } ?? ""
            message = "must not name a merged complaint: \(survivor.number) is merged itself\(onward)"
        } else if !survivor.status.isOpen {
            message = "must name an open complaint: \(survivor.number) is \(survivor.status.rawValue)"
        } else {
            return []
        }
        return [FieldError("into", message)]
    }

    /// Each department key in the input, with the field it came from: the keys `apply` asks
    /// `departmentExists` about.
    public static func departmentsNamed(by input: ActionInput) -> [(String, String)] {
        switch input {
        case .assign(let assignment):
            assignment.department.map { [("department", $0)] } ?? []
        case .propose(let proposal):
            proposal.responsibility?.department.map { [("responsibility.department", $0)] } ?? []
        default:
            []
        }
    }
}
