import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension LifecycleRoutes {
    /// `POST /v1/complaints/{ref}/notes` (agent) `{body, visibility?, notified_via?}`: 201 with
    /// the note. Visibility defaults to internal, so nothing reaches the customer by omission. A
    /// public note sent to the customer (`notified_via`) on a complaint still being handled is a
    /// contact, and may be the first.
    func addNote(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["body", "visibility", "notified_via"])
        let text = body.string("body", required: true)
        let visibility: NoteRecord.Visibility = body.choice("visibility") ?? .internal
        let notifiedVia = body.string("notified_via")
        if let text { ComplaintRules.check(text, "body", ActionInput.textLength, into: &body.errors) }
        if let notifiedVia {
            ComplaintRules.check(notifiedVia, "notified_via", ActionInput.nameLength, into: &body.errors)
            if visibility != .public {
                body.errors.append(
                    FieldError("notified_via", "is only given with a public note: an internal note reaches no customer")
                )
            }
        }
        try body.validate()
        let respond: @Sendable (NoteRecord) -> HTTPResponse = { note in
            var json = JSONWriter(capacity: 256)
            Self.write(note, into: &json)
            return Backend.json(.created, json.bytes)
        }
        return try backend.casework.addNote(
            text!, visibility: visibility, notifiedVia: notifiedVia, to: ref, by: caller, now: backend.now,
            claim: claim,
            reply: { respond($0).reply }
        ).response(respond)
    }

    /// `GET /v1/complaints/{ref}/notes?limit=&cursor=`: a page of notes, oldest first, for anyone
    /// who can see the complaint; an intake key, which sees what the customer sees, reads the
    /// public notes only.
    func notes(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        try historyPage(
            request, ref: ref, for: .intake,
            fetch: { connection, caller, complaintID, after, limit in
                try connection.notes(
                    complaintID: complaintID, after: after, limit: limit,
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
