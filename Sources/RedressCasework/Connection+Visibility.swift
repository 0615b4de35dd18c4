import RedressDomain
import RedressStore
import SQLite

extension Connection {
    /// The complaint `ref` names (an id or a case number) if `caller` may see it; refused as not
    /// found otherwise, so that an intake key cannot tell another key's complaints from none.
    public func complaint(_ ref: String, visibleTo caller: Caller) throws -> Complaint {
        try withComplaint(ref, visibleTo: caller) { try $0.complaint() }
    }

    /// `body`'s result over the stored complaint `ref` names, read in place, if `caller` may see
    /// it; refused as not found otherwise.
    public func withComplaint<T>(
        _ ref: String, visibleTo caller: Caller, _ body: (StoredComplaint) throws -> T
    ) throws -> T {
        // An intake key sees only what it registered; for others the complaint does not exist.
        func visible(_ stored: StoredComplaint) throws -> T? {
            caller.role > .intake || stored.integer(.createdByKey) == caller.keyID ? try body(stored) : nil
        }
        var found: T??
        if let id = Casework.id(ref) {
            found = try withStoredComplaint(id: id, visible)
        } else if let number = CaseNumber(ref) {
            found = try withStoredComplaint(number: number, visible)
        }
        guard let result = found ?? nil else { throw Refusal.notFound("No complaint \(ref) exists.") }
        return result
    }

    /// Inside a write: stores `changed` in place of `current` (nothing when they are equal) and
    /// appends `events`, taken by `actor` at `now`; refused as stale when another change got there first.
    func save(
        _ changed: Complaint, over current: Complaint, events: [DomainEvent], by actor: String, at now: Instant
    ) throws {
        if changed != current, try !updateComplaint(changed, expectedVersion: current.version) {
            throw Refusal.changedMeanwhile("complaint")
        }
        for event in events {
            try appendEvent(event, complaintID: current.id, at: now, actor: actor)
        }
    }
}
