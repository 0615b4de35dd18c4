import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// The type of the event a hand-over records.
    public static let handedOverEvent = "complaint.handed_over"

    /// Hands the complaint `ref` names over to `responsible`, for `reason`: the first receiver
    /// stays answerable for a complaint until a supervisor does this. Only an open complaint is
    /// handed over; the history records who had it and who has it now.
    public func handOver(
        _ ref: String, to responsible: String, reason: String, by caller: Caller, now: Instant,
        claim: IdempotencyClaim? = nil, precondition: @escaping @Sendable (Complaint) throws -> Void = { _ in },
        reply: @escaping @Sendable (Complaint) -> Reply
    ) throws -> Answer<Complaint> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            let current = try connection.complaint(ref, visibleTo: caller)
            try precondition(current)
            guard current.status.isOpen else {
                throw Refusal(
                    .conflict, slug: "complaint-ended", title: "Complaint Ended",
                    detail: "A complaint that is \(current.status.rawValue) is not handed over; reopen it first.")
            }
            guard responsible != current.responsible else { return current }
            var changed = current
            changed.responsible = responsible
            changed.version += 1
            changed.updatedAt = now
            let event = DomainEvent(
                type: Self.handedOverEvent, fromStatus: current.status, toStatus: current.status,
                data: [
                    ("responsible", .string(responsible)), ("previous_responsible", .string(current.responsible)),
                    ("reason", .string(reason)),
                ])
            try connection.save(changed, over: current, events: [event], by: caller.name, at: now)
            return changed
        }
    }
}
