import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension ComplaintRoutes {
    /// `PATCH /v1/complaints/{ref}`: a JSON merge patch (RFC 7396) of the editable fields,
    /// honouring `If-Match`; the version goes up and the history records what changed.
    func edit(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let patch = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        let now = backend.now
        let settings = try backend.settings()
        let complaint = try backend.casework.edit(
            ref, by: caller, settings: settings, now: now,
            merge: { complaint in
                var body = patch
                let changed = Self.merge(&body, into: &complaint)
                try body.validate()
                return changed
            }, precondition: { try ETag.check(request, against: $0) })
        return Self.response(complaint, for: caller, settings: settings, now: now)
    }

    /// The fields a patch may change, and the ones it may not (named so the error says so).
    private static let editable: Set<String> = [
        "title", "description", "tags", "subject", "complainant", "category", "region",
    ]

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
        if body.has("region") {
            touched.append("region")
            complaint.region = body.string("region")
        }
        if body.has("subject") {
            touched.append("subject")
            var subject = complaint.subject
            _ = body.object("subject", required: true) { nested -> Bool? in
                nested.rejectUnknown(["type", "ref", "name"])
                if nested.has("type"), let type: Subject.Kind = nested.choice("type", required: true) {
                    subject.type = type
                }
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
