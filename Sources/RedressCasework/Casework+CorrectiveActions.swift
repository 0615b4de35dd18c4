import JSON
import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// The type of the event recorded when an action is added to a complaint.
    public static let correctiveActionAddedEvent = "complaint.corrective_action_added"
    /// The type of the event recorded when an action's status or note changes.
    public static let correctiveActionUpdatedEvent = "complaint.corrective_action_updated"

    /// Adds a corrective action, open, to the complaint `ref` names, and records it on its timeline.
    public func addCorrectiveAction(
        description: String, owner: String, dueAt: Instant, to ref: String, by caller: Caller,
        now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (CorrectiveAction) -> Reply
    ) throws -> Answer<CorrectiveAction> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            let complaint = try connection.complaint(ref, visibleTo: caller)
            let action = try connection.insertCorrectiveAction(
                CorrectiveAction(
                    id: 0, complaint: Complaint.Reference(id: complaint.id, number: complaint.number),
                    description: description,
                    owner: owner, dueAt: dueAt, createdAt: now, updatedAt: now))
            let event = DomainEvent(
                type: Self.correctiveActionAddedEvent, fromStatus: complaint.status,
                toStatus: complaint.status,
                data: [
                    ("id", .int(action.id)), ("description", .string(action.description)),
                    ("status", .string(action.status.rawValue)), ("owner", .string(action.owner)),
                    ("due_at", EventValue(action.dueAt)),
                ])
            try connection.save(complaint, over: complaint, events: [event], by: caller.name, at: now)
            return action
        }
    }

    /// Moves the action `id` names to `status` (`CorrectiveActionStatus.next`), with `note` if
    /// given. A change that changes nothing records nothing; refused as a conflict for a move the
    /// rules do not allow. The caller's role is checked first (`CorrectiveActionStatus.minimumRole`).
    public func changeCorrectiveAction(
        _ id: String, to status: CorrectiveActionStatus, note: String?, by caller: Caller,
        now: Instant
    ) throws -> CorrectiveAction {
        try write { connection in
            let current = try connection.correctiveAction(id)
            var changed = current
            changed.status = status
            changed.note = note ?? current.note
            guard changed != current else { return current }
            guard current.status.next.contains(status) || (current.status == status && current.status != .verified)
            else {
                throw Self.refusal(from: current.status, to: status)
            }
            changed.updatedAt = now
            try connection.updateCorrectiveAction(changed)
            guard let complaint = try connection.complaint(id: current.complaint.id) else {
                throw StoreError.corrupt("corrective action \(current.id) names no complaint")
            }
            let unchanged = complaint.status
            let event = DomainEvent(
                type: Self.correctiveActionUpdatedEvent, fromStatus: unchanged, toStatus: unchanged,
                data: [
                    ("id", .int(changed.id)), ("status", .string(changed.status.rawValue)),
                    ("previous_status", .string(current.status.rawValue)), ("owner", .string(changed.owner)),
                    ("due_at", EventValue(changed.dueAt)), ("note", EventValue(changed.note)),
                ])
            try connection.save(complaint, over: complaint, events: [event], by: caller.name, at: now)
            return changed
        }
    }

    /// The conflict naming the statuses the action can move to.
    private static func refusal(from current: CorrectiveActionStatus, to wanted: CorrectiveActionStatus) -> Refusal {
        let names = current.next.map(\.rawValue)
        let open = names.isEmpty ? "it is final" : "it can move to \(names.joined(separator: " or "))"
        return Refusal(
            .conflict, slug: "invalid-transition", title: "Invalid Transition",
            detail: "A corrective action that is \(current.rawValue) cannot become \(wanted.rawValue); \(open).",
            extensions: [("allowed_statuses", .array(names.map(JSONValue.string)))])
    }
}

extension Connection {
    /// The corrective action a path's `{id}` names; refused as not found otherwise.
    public func correctiveAction(_ id: String) throws -> CorrectiveAction {
        guard let number = Casework.id(id), let action = try correctiveAction(id: number)
        else { throw Refusal.notFound("No corrective action \(id) exists.") }
        return action
    }
}
