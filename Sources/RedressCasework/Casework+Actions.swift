import JSON
import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// Takes `input` on the complaint `ref` names, as `caller`, in one write: reads it, checks
    /// `precondition` (the caller's `If-Match`), applies the lifecycle and stores the outcome with
    /// its events. The complaint as it now stands.
    public func take(
        _ input: ActionInput, on ref: String, by caller: Caller, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant,
        claim: IdempotencyClaim? = nil, precondition: @escaping @Sendable (Complaint) throws -> Void = { _ in },
        reply: @escaping @Sendable (Complaint) -> Reply
    ) throws -> Answer<Complaint> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            let current = try connection.complaint(ref, visibleTo: caller)
            try precondition(current)
            return try connection.take(
                input, on: current, by: caller.actor, settings: settings, timeLimits: timeLimits, now: now)
        }
    }
}

extension Connection {
    /// Inside a write: takes `input` on `current` as `actor` and stores the outcome with its
    /// events; the complaint as it now stands. Staff actions, the complainant's own feedback and
    /// the seeder all come through here.
    func take(
        _ input: ActionInput, on current: Complaint, by actor: Actor, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant
    ) throws -> Complaint {
        let survivor = try survivor(of: input)
        let input = try resolvingAssignee(of: input)
        let transition = try apply(
            input, to: current, by: actor, settings: settings, timeLimits: timeLimits, now: now, survivor: survivor)
        try save(transition.complaint, over: current, events: transition.events, by: actor.name, at: now)
        // The survivor's timeline records the merge too, with the same data; the survivor itself
        // does not change. Read in this same write, no other merge can come between.
        if let survivor, let merged = transition.events.first(where: { $0.type == Action.merge.eventType }) {
            let record = DomainEvent(
                type: merged.type, fromStatus: survivor.status, toStatus: survivor.status, data: merged.data)
            try save(survivor, over: survivor, events: [record], by: actor.name, at: now)
        }
        return transition.complaint
    }

    /// For `assign`, the staff user the assignee names: by id, or by an e-mail (without regard to
    /// case) that is a user's; the assignee shown is then their display name. Other text is a name
    /// as before users existed. 422 for an id that is no user's, or a user who is deactivated.
    private func resolvingAssignee(of input: ActionInput) throws -> ActionInput {
        guard case .assign(var assignment) = input else { return input }
        let user: UserRecord?
        if let id = assignment.assigneeUser {
            user = try self.user(id: id)
            guard user != nil else { throw Refusal.invalid([FieldError("assignee", "names no user")]) }
        } else if let text = assignment.assignee, text.contains("@") {
            user = try self.user(email: text)
        } else {
            user = nil
        }
        guard let user else { return input }
        guard user.active else { throw Refusal.invalid([FieldError("assignee", "names a deactivated user")]) }
        assignment.assignee = user.displayName
        assignment.assigneeUser = user.id
        return .assign(assignment)
    }

    /// For `merge`, the complaint its `into` names (an id or a case number), whoever registered
    /// it: only staff merge; nil when none, or for another input.
    private func survivor(of input: ActionInput) throws -> Complaint? {
        guard case .merge(let into?, _) = input else { return nil }
        if let id = Casework.id(into) { return try complaint(id: id) }
        return try CaseNumber(into).flatMap { try complaint(number: $0) }
    }

    /// The lifecycle's transition, with the departments and categories the input names checked
    /// against the database; the lifecycle's refusals as refusals.
    private func apply(
        _ input: ActionInput, to complaint: Complaint, by actor: Actor, settings: Settings,
        timeLimits: SLAPolicyList?, now: Instant, survivor: Complaint?
    ) throws -> Transition {
        var categoryErrors: [FieldError] = []
        if case .assess(let assessment) = input, let category = assessment.category, try !isActiveCategory(category) {
            categoryErrors.append(FieldError("category", Casework.inactiveCategory))
        }
        // Asked before the lifecycle runs, so that a failing read is the database's error, never a 422.
        var known: Set<String> = []
        for (_, key) in Lifecycle.departmentsNamed(by: input) where try isActiveDepartment(key) {
            known.insert(key)
        }
        let transition: Transition
        do {
            transition = try Lifecycle.apply(
                input, to: complaint, by: actor, settings: settings, timeLimits: timeLimits, now: now,
                departmentExists: known.contains, survivor: survivor)
        } catch {
            throw Self.refusal(for: error, taking: input.action, alongside: categoryErrors)
        }
        if !categoryErrors.isEmpty { throw Refusal.invalid(categoryErrors) }
        return transition
    }

    /// Forbidden, a conflict with `allowed_actions`, or invalid with every field error (`more` too).
    private static func refusal(
        for error: LifecycleError, taking action: Action, alongside more: [FieldError]
    ) -> Refusal {
        switch error {
        case .forbidden(let required):
            return Refusal(
                .forbidden, slug: "forbidden", title: "Forbidden",
                detail: "\(action.rawValue) needs the \(required.rawValue) role or higher.")
        case .notAllowed(let status, let allowed):
            let names = allowed.map(\.rawValue)
            let open =
                names.isEmpty
                ? "this key can take no action on it now"
                : "the actions this key can take now are \(names.joined(separator: ", "))"
            return Refusal(
                .conflict, slug: "invalid-transition", title: "Invalid Transition",
                detail: "A complaint that is \(status.rawValue) cannot take \(action.rawValue); \(open).",
                extensions: [("allowed_actions", .array(names.map(JSONValue.string)))])
        case .invalid(let errors):
            return .invalid(errors + more)
        }
    }
}
