import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// The type of the event every note records.
    public static let noteAddedEvent = "complaint.note_added"

    /// Adds a note by `caller` to the complaint `ref` names. A public note sent to the customer
    /// (`notifiedVia`) on a complaint still being handled is a contact, and may be the first; a
    /// public note merely posted to the tracking page is not, as nobody knows the customer read
    /// it. The event carries a public note's text, which the customer sees anyway, and never an
    /// internal one's.
    public func addNote(
        _ text: String, visibility: NoteRecord.Visibility, notifiedVia: String? = nil, to ref: String,
        by caller: Caller, now: Instant,
        claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (NoteRecord) -> Reply
    ) throws -> Answer<NoteRecord> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            let current = try connection.complaint(ref, visibleTo: caller)
            let note = try connection.insertNote(
                complaintID: current.id, body: text, visibility: visibility, author: caller.name,
                at: now)
            var changed = current
            // An ended complaint is past responding to: a note on it does not stop or start its clock.
            let firstResponse =
                visibility == .public && notifiedVia != nil && current.status.isOpen
                && Lifecycle.recordFirstResponse(of: &changed, at: now)
            if firstResponse {
                changed.version += 1
                changed.updatedAt = now
            }
            let event = DomainEvent(
                type: Self.noteAddedEvent, fromStatus: current.status, toStatus: current.status,
                data: [
                    ("note_id", .int(note.id)), ("visibility", .string(visibility.rawValue)),
                    ("body", visibility == .public ? .string(note.body) : .null),
                    ("notified_via", EventValue(notifiedVia)),
                    ("first_response", .bool(firstResponse)),
                ])
            try connection.save(changed, over: current, events: [event], by: caller.name, at: now)
            return note
        }
    }
}
