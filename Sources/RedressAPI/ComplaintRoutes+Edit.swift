import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

extension ComplaintRoutes {
    /// `PATCH /v1/complaints/{ref}`: a JSON merge patch (RFC 7396) of the editable fields,
    /// honouring `If-Match`; the version goes up and the history records what changed.
    func edit(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let patch = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        let now = backend.now
        let settings = try backend.settings()
        let complaint = try backend.write { connection -> Complaint in
            let current = try Self.complaint(ref, visibleTo: caller, on: connection)
            var edited = current
            var body = patch
            let changed = Self.merge(&body, into: &edited)
            try body.validate()
            var errors = ComplaintRules.validate(title: edited.title, description: edited.description,
                                                 complainant: edited.complainant, subject: edited.subject, tags: edited.tags)
            // A phone the patch gives is stored in E.164; one it leaves alone stays as it was written.
            if errors.isEmpty, edited.complainant.phone != current.complainant.phone,
               let error = ComplaintRules.normalisePhone(of: &edited.complainant, settings: settings) {
                errors.append(error)
            }
            if let category = edited.category, category != current.category, try !connection.categoryExists(category) {
                errors.append(FieldError("category", "is not a known category; GET /v1/categories lists them"))
            }
            if !errors.isEmpty { throw Problem.validation(errors) }
            // The patch's content, its category included, is judged first, then the precondition
            // (RFC 9110 §13.2.1): a patch that could never apply is 422 whatever If-Match names.
            try ETag.check(request, against: current)
            guard edited != current else { return current }
            edited.version += 1
            edited.updatedAt = now
            guard try connection.updateComplaint(edited, expectedVersion: current.version) else {
                throw Problem(.preconditionFailed, slug: "precondition-failed", title: "Precondition Failed",
                              detail: "The complaint changed while this edit was applied; read it again.")
            }
            try connection.appendEvent(complaintID: edited.id, type: "complaint.updated", at: now, actor: caller.name,
                                       from: current.status, to: current.status,
                                       data: EventJSON.encode([("changed", .array(changed.map(EventValue.string)))]))
            return edited
        }
        return Self.response(complaint, for: caller, settings: settings, now: now)
    }

    /// The fields a patch may change, and the ones it may not (named so the error says so).
    private static let editable: Set<String> = ["title", "description", "tags", "subject", "complainant", "category"]

    /// Applies the patch's members to `complaint`; returns the names of the fields the patch touched.
    private static func merge(_ body: inout RequestBody, into complaint: inout Complaint) -> [String] {
        body.rejectUnknown(editable)
        var touched: [String] = []
        if body.has("title") {
            touched.append("title")
            if let title = body.string("title", required: true) { complaint.title = title }
        }
        if body.has("description") {
            touched.append("description")
            if let description = body.string("description", required: true) { complaint.description = description }
        }
        if body.has("tags") {
            touched.append("tags")
            complaint.tags = body.strings("tags") ?? []
        }
        if body.has("category") {
            touched.append("category")
            complaint.category = body.string("category")
        }
        if body.has("subject") {
            touched.append("subject")
            var subject = complaint.subject
            _ = body.object("subject", required: true) { nested -> Bool? in
                nested.rejectUnknown(["type", "ref", "name"])
                if nested.has("type"), let type: Subject.Kind = nested.choice("type", required: true) { subject.type = type }
                if nested.has("ref") { subject.ref = nested.string("ref") }
                if nested.has("name") { subject.name = nested.string("name") }
                return true
            }
            complaint.subject = subject
        }
        if body.has("complainant") {
            touched.append("complainant")
            var complainant = complaint.complainant
            _ = body.object("complainant", required: true) { nested -> Bool? in
                nested.rejectUnknown(["name", "phone", "email", "customer_ref"])
                if nested.has("name"), let name = nested.string("name", required: true) { complainant.name = name }
                if nested.has("phone") { complainant.phone = nested.string("phone") }
                if nested.has("email") { complainant.email = nested.string("email") }
                if nested.has("customer_ref") { complainant.customerRef = nested.string("customer_ref") }
                return true
            }
            complaint.complainant = complainant
        }
        return touched
    }
}
