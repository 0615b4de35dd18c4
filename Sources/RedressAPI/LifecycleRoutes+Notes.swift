import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

extension LifecycleRoutes {
    /// The type of the event every note records.
    static let noteAddedEvent = "complaint.note_added"

    /// `POST /v1/complaints/{ref}/notes` (agent) `{body, visibility?}`: 201 with the note.
    /// Visibility defaults to internal, so nothing reaches the customer by omission. A public note
    /// on a complaint still being handled is a response to the customer, and may be the first.
    func addNote(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let idempotency = try Idempotency(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["body", "visibility"])
        let text = body.string("body", required: true)
        let visibility: NoteRecord.Visibility = body.choice("visibility") ?? .internal
        if let text { ComplaintRules.check(text, "body", ActionInput.textLength, into: &body.errors) }
        try body.validate()
        let now = backend.now
        return try backend.write(idempotency, by: caller, now: now) { connection in
            let current = try ComplaintRoutes.complaint(ref, visibleTo: caller, on: connection)
            let note = try connection.insertNote(complaintID: current.id, body: text!, visibility: visibility, author: caller.name,
                                                 at: now)
            var changed = current
            // An ended complaint is past responding to: a note on it does not stop or start its clock.
            let firstResponse = visibility == .public && current.status.isOpen
                && Lifecycle.recordFirstResponse(of: &changed, at: now)
            if firstResponse {
                changed.version += 1
                changed.updatedAt = now
            }
            // The event carries a public note's text, which the customer sees anyway; an internal
            // note's text stays in the notes, readable only through them.
            let event = DomainEvent(type: Self.noteAddedEvent, fromStatus: current.status, toStatus: current.status, data: [
                ("note_id", .int(note.id)), ("visibility", .string(visibility.rawValue)),
                ("body", visibility == .public ? .string(note.body) : .null), ("first_response", .bool(firstResponse)),
            ])
            try ComplaintRoutes.save(changed, over: current, events: [event], by: caller.name, at: now, on: connection)
            var json = JSONWriter(capacity: 256)
            Self.write(note, into: &json)
            return Backend.json(.created, json.bytes)
        }
    }

    /// `GET /v1/complaints/{ref}/notes?limit=&cursor=`: a page of notes, oldest first, for anyone
    /// who can see the complaint; an intake key, which sees what the customer sees, reads the
    /// public notes only.
    func notes(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        try historyPage(request, ref: ref, for: .intake, fetch: { connection, caller, complaintID, after, limit in
            try connection.notes(complaintID: complaintID, after: after, limit: limit,
                                 visibility: caller.role == .intake ? .public : nil)
        }, position: \.id, write: Self.write)
    }

    private static func write(_ note: NoteRecord, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", note.id)
        json.field("body", note.body)
        json.field("visibility", note.visibility.rawValue)
        json.field("author", note.author)
        json.field("created_at", note.createdAt)
        json.endObject()
    }
}
