import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

extension ComplaintRoutes {
    /// `POST /v1/complaints`: registers a complaint, numbers it and answers 201 with its tracking code.
    func register(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .intake)
        let idempotency = try Idempotency(request)
        let now = backend.now
        let settings = try backend.settings()
        // Before the write: the writer thread does only what needs the database.
        let draft = try Self.normalised(try Self.draft(from: request, now: now), settings: settings)
        let month = CaseNumber.month(of: now, offset: backend.runtime.utcOffset(at: now))
        let trackingCode = TrackingCode.generate()
        // The text is searched before the write; the writer only adds what needs the database.
        let critical = PriorityRules.criticalMatch(of: draft)

        let outcome = try backend.write { connection -> IntakeOutcome in
            if let replay = try idempotency?.replay(for: caller, on: connection, now: now) {
                return .replayed(replay)
            }
            let complaint = try Self.register(draft, by: caller, trackingCode: trackingCode, month: month, critical: critical,
                                              settings: settings, now: now, on: connection)
            guard let idempotency else { return .registered(complaint) }
            let response = Self.created(complaint, caller: caller, trackingCode: trackingCode, settings: settings, now: now)
            try idempotency.store(response, for: caller, on: connection, now: now)
            return .answered(response)
        }
        switch outcome {
        case .replayed(let response), .answered(let response): return response
        case .registered(let complaint):
            return Self.created(complaint, caller: caller, trackingCode: trackingCode, settings: settings, now: now)
        }
    }

    private enum IntakeOutcome: Sendable {
        case replayed(HTTPResponse)
        case answered(HTTPResponse)
        case registered(Complaint)
    }

    private static func created(_ complaint: Complaint, caller: Caller, trackingCode: String, settings: Settings,
                                now: Instant) -> HTTPResponse {
        response(complaint, for: caller, settings: settings, now: now, status: .created,
                 headers: ["Location": "/v1/complaints/\(complaint.id)"], trackingCode: trackingCode)
    }

    /// Inside the write, for a draft `normalised` gave: the rules that need the database (unknown
    /// category, a reused `external_ref`, repeats), then the number, the priority, the due dates
    /// and the first event.
    static func register(_ draft: ComplaintDraft, by caller: Caller, trackingCode: String, month: String,
                         critical: PriorityRules.CriticalMatch?, settings: Settings, now: Instant,
                         on connection: Connection) throws -> Complaint {
        if let category = draft.category, try !connection.categoryExists(category) {
            throw Problem.validation([FieldError("category", "is not a known category; GET /v1/categories lists them")])
        }
        if let externalRef = draft.externalRef,
           let existing = try connection.complaint(createdByKey: caller.keyID, externalRef: externalRef) {
            throw Problem(.conflict, slug: "duplicate-external-ref", title: "Conflict",
                          detail: "This key already registered external_ref '\(externalRef)' as complaint \(existing.number).",
                          extensions: [("existing", .object([
                              ("id", .int(existing.id)), ("number", .string(existing.number.description)),
                              ("href", .string("/v1/complaints/\(existing.id)")),
                          ]))])
        }
        let receivedAt = draft.receivedAt ?? now
        let repeatOf = try draft.subject.ref.flatMap { ref in
            try connection.latestComplaint(phone: draft.complainant.phone, email: draft.complainant.email, subjectRef: ref,
                                           since: receivedAt.adding(seconds: -Int64(settings.repeatWindowDays) * 86_400))
        }
        let (priority, reason) = PriorityRules.decide(given: draft.priority, critical: critical, channel: draft.channel,
                                                      repeatOf: repeatOf?.number)
        let due = settings.dueDates(receivedAt: receivedAt, priority: priority)
        let complaint = try connection.insertComplaint(Complaint(
            id: 0, number: try connection.nextCaseNumber(month: month), channel: draft.channel, category: draft.category,
            priority: priority, priorityReason: reason, title: draft.title, description: draft.description,
            complainant: draft.complainant, subject: draft.subject, tags: draft.tags, externalRef: draft.externalRef,
            receivedAt: receivedAt, receivedBy: caller.name, createdByKey: caller.keyID, createdAt: now, updatedAt: now,
            firstResponseDueAt: due.firstResponse, resolutionDueAt: due.resolution, repeatOf: repeatOf
        ), trackingDigest: TrackingCode.digest(of: trackingCode))
        try connection.appendEvent(complaintID: complaint.id, type: "complaint.created", at: now, actor: caller.name,
                                   from: nil, to: .received, data: EventJSON.encode([
                                       ("channel", .string(complaint.channel.rawValue)),
                                       ("priority", .string(priority.rawValue)),
                                       ("priority_reason", .string(reason)),
                                       ("repeat_of", EventValue(repeatOf?.number.description)),
                                   ]))
        return complaint
    }

    /// The draft with its complainant's phone in E.164 (`ComplaintRules.normalisePhone`), as
    /// `register` takes it; 422 when the phone cannot be a number in any region.
    static func normalised(_ draft: ComplaintDraft, settings: Settings) throws(Problem) -> ComplaintDraft {
        var draft = draft
        if let error = ComplaintRules.normalisePhone(of: &draft.complainant, settings: settings) {
            throw Problem.validation([error])
        }
        return draft
    }

    /// The body of `POST /v1/complaints` as a draft; 415, 400 or 422 when it is not one.
    static func draft(from request: HTTPRequest, now: Instant) throws -> ComplaintDraft {
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["channel", "title", "description", "complainant", "subject", "category", "priority",
                            "received_at", "tags", "external_ref"])
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
        try body.validate()
        let draft = ComplaintDraft(channel: channel!, title: title!, description: description!, complainant: complainant!,
                                   subject: subject!, category: category, priority: priority, receivedAt: receivedAt,
                                   tags: tags, externalRef: externalRef)
        let errors = ComplaintRules.validate(draft, now: now)
        if !errors.isEmpty { throw Problem.validation(errors) }
        return draft
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
