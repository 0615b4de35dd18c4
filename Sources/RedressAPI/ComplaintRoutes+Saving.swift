import HTTP
import RedressDomain
import RedressStore
import SQLite

extension ComplaintRoutes {
    /// Inside a write: stores `changed` in place of `current` (nothing when they are equal) and
    /// appends `events`, taken by `actor` at `now`; 412 when another change got there first.
    static func save(_ changed: Complaint, over current: Complaint, events: [DomainEvent], by actor: String, at now: Instant,
                     on connection: Connection) throws {
        if changed != current, try !connection.updateComplaint(changed, expectedVersion: current.version) {
            throw Problem(.preconditionFailed, slug: "precondition-failed", title: "Precondition Failed",
                          detail: "The complaint changed while this request was applied; read it again.")
        }
        for event in events {
            try connection.appendEvent(complaintID: current.id, type: event.type, at: now, actor: actor,
                                       from: event.fromStatus, to: event.toStatus, data: EventJSON.encode(event.data))
        }
    }
}
