import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// Edits the complaint `ref` names in one write: `merge` applies the caller's patch to the
    /// complaint as it stands and returns the names of the fields it touched (it refuses a patch it
    /// cannot read); the outcome's content is judged, then `precondition` (RFC 9110 §13.2.1: a
    /// patch that could never apply is invalid whatever `If-Match` names). The version goes up and
    /// `complaint.updated` records what changed; a patch that changes nothing records nothing.
    public func edit(
        _ ref: String, by caller: Caller, settings: Settings, now: Instant,
        merge: @escaping @Sendable (inout Complaint) throws -> [String],
        precondition: @escaping @Sendable (Complaint) throws -> Void
    ) throws -> Complaint {
        try write { connection -> Complaint in
            let current = try connection.complaint(ref, visibleTo: caller)
            var edited = current
            let changed = try merge(&edited)
            var errors = ComplaintRules.validate(
                title: edited.title, description: edited.description,
                complainant: edited.complainant, subject: edited.subject, tags: edited.tags,
                region: edited.region)
            // A phone the patch gives is stored in E.164; one it leaves alone stays as it was written.
            if errors.isEmpty, edited.complainant.phone != current.complainant.phone,
                let error = ComplaintRules.normalisePhone(of: &edited.complainant, settings: settings)
            {
                errors.append(error)
            }
            if let category = edited.category, category != current.category, try !connection.isActiveCategory(category)
            {
                errors.append(FieldError("category", Casework.inactiveCategory))
            }
            if !errors.isEmpty { throw Refusal.invalid(errors) }
            try precondition(current)
            guard edited != current else { return current }
            edited.version += 1
            edited.updatedAt = now
            let event = DomainEvent(
                type: "complaint.updated", fromStatus: current.status, toStatus: current.status,
                data: [("changed", .array(changed.map(EventValue.string)))])
            try connection.save(edited, over: current, events: [event], by: caller.name, at: now)
            return edited
        }
    }
}
