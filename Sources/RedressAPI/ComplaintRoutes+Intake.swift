import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension ComplaintRoutes {
    /// `POST /v1/complaints`: registers a complaint, numbers it and answers 201 with its tracking code.
    func register(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .intake)
        let claim = try IdempotencyClaim(request)
        let now = backend.now
        let settings = try backend.settings()
        let intake = try Intake(
            try Self.draft(from: request), settings: settings,
            rules: try backend.priorityRules().matcher, now: now)
        let timeLimits = try backend.timeLimits(settings: settings)
        let created: @Sendable (Registered) -> HTTPResponse = { registered in
            Self.response(
                registered.complaint, for: caller, settings: settings, now: now, status: .created,
                headers: ["Location": "/v1/complaints/\(registered.complaint.id)"],
                trackingCode: registered.trackingCode)
        }
        return try backend.casework.register(
            intake, by: caller, settings: settings, timeLimits: timeLimits, now: now, claim: claim,
            reply: { created($0).reply }
        ).response(created)
    }

    /// The body of `POST /v1/complaints` as a draft, not yet checked against the rules (`Intake`
    /// does that); 415, 400 or 422 when it is not one.
    static func draft(from request: HTTPRequest) throws -> ComplaintDraft {
        var body = try RequestBody.parse(request)
        body.rejectUnknown([
            "channel", "title", "description", "complainant", "subject", "category", "priority",
            "received_at", "tags", "external_ref", "region",
        ])
        let channel: Channel? = body.choice("channel", required: true)
        let title = body.string("title", required: true)
        let description = body.string("description", required: true)
        let complainant = body.object("complainant", required: true) { Self.complainant(from: &$0) }
        let subject = body.object("subject", required: true) { Self.subject(from: &$0) }
        let category = body.string("category")
        let priority: Priority? = body.choice("priority")
        let receivedAt = body.instant("received_at")
        let tags = body.strings("tags") ?? []
        let externalRef = body.string("external_ref")
        let region = body.string("region")
        try body.validate()
        return ComplaintDraft(
            channel: channel!, title: title!, description: description!, complainant: complainant!,
            subject: subject!, category: category, priority: priority, receivedAt: receivedAt,
            tags: tags, externalRef: externalRef, region: region)
    }

    /// A complainant object's fields; nil (with errors recorded) when they are not all there.
    static func complainant(from body: inout RequestBody) -> Complainant? {
        body.rejectUnknown(["name", "phone", "email", "customer_ref"])
        let name = body.string("name", required: true)
        let phone = body.string("phone")
        let email = body.string("email")
        let customerRef = body.string("customer_ref")
        return name.map { Complainant(name: $0, phone: phone, email: email, customerRef: customerRef) }
    }

    /// A subject object's fields.
    static func subject(from body: inout RequestBody) -> Subject? {
        body.rejectUnknown(["type", "ref", "name"])
        let type: Subject.Kind? = body.choice("type", required: true)
        let ref = body.string("ref")
        let name = body.string("name")
        return type.map { Subject(type: $0, ref: ref, name: name) }
    }
}
