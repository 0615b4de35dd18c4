import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension ComplaintRoutes {
    private static let listParameters: Set<String> = [
        "status", "priority", "category", "channel", "department", "assignee", "responsible", "overdue", "at_risk",
        "escalated",
        "repeat",
        "received_from", "received_to", "complainant", "subject_ref", "q", "sort", "limit", "cursor", "format",
        "fields", "incident",
    ]

    /// `GET /v1/complaints`: a filtered page of complaints, or the whole selection as CSV.
    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .intake)
        var query = ListQuery(request, allowed: Self.listParameters)
        var filter = ComplaintFilter()
        filter.statuses = query.choices("status")
        filter.priorities = query.choices("priority")
        filter.categories = query.list("category")
        filter.channels = query.choices("channel")
        filter.departments = query.list("department")
        filter.assignees = query.list("assignee")
        // `me` is the signed-in user: the complaints assigned to them.
        if filter.assignees.contains("me") {
            filter.assignees.removeAll { $0 == "me" }
            if let user = caller.user {
                filter.assigneeUsers = [user.id]
            } else {
                query.errors.append(FieldError("assignee", "me names a signed-in user; an API key is none"))
            }
        }
        filter.responsible = query.list("responsible")
        let incidents = query.list("incident")
        filter.incidents = incidents.compactMap(Casework.id)
        if filter.incidents.count < incidents.count {
            query.errors.append(FieldError("incident", "must be incident ids, comma-separated"))
        }
        filter.overdue = query.bool("overdue")
        filter.atRisk = query.bool("at_risk")
        filter.escalated = query.bool("escalated")
        filter.isRepeat = query.bool("repeat")
        filter.receivedFrom = query.instant("received_from")
        filter.receivedTo = query.instant("received_to")
        filter.complainant = query.string("complainant")
        if filter.complainant?.isEmpty == true {
            query.errors.append(FieldError("complainant", "must be a phone number or an email address"))
        }
        filter.subjectRef = query.string("subject_ref")
        if let ref = filter.subjectRef {
            ComplaintRules.check(ref, "subject_ref", ComplaintRules.refLength, into: &query.errors)
            if let error = ControlCharacters.error(in: ref, field: "subject_ref") { query.errors.append(error) }
        }
        filter.text = query.string("q")
        if let text = filter.text, text.count > 200 {
            query.errors.append(FieldError("q", "must be at most 200 characters"))
        } else if let text = filter.text,
            text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            query.errors.append(FieldError("q", "must not contain control characters"))
        }
        let sorts: [ComplaintFilter.Sort] = query.choices("sort")
        if sorts.count > 1 { query.errors.append(FieldError("sort", "takes one order")) }
        filter.sort = sorts.first ?? .newest
        let limit = query.integer("limit", in: 1...200, default: 50)
        let cursor = query.cursor { token in ComplaintCursor(token: token).flatMap { $0.sort == filter.sort ? $0 : nil }
        }
        let format = query.string("format")
        if let format, format != "csv", format != "json" {
            query.errors.append(FieldError("format", "must be json or csv"))
        }
        let extras: [ComplaintCSV.Extra] = query.choices("fields")
        let asCSV = format == "csv" || (format == nil && Self.prefersCSV(request))
        if !extras.isEmpty, !asCSV {
            query.errors.append(FieldError("fields", "applies to the CSV export only (format=csv or Accept: text/csv)"))
        }
        try query.validate()

        if caller.role == .intake {
            try Self.refuseStaffOnly(filter, asCSV: asCSV, to: caller)
            filter.createdByKey = caller.keyID
        }
        let now = backend.now
        let settings = try backend.settings()
        // A phone number is compared in E.164, as it is stored; an email address is left as it is.
        if let contact = filter.complainant, let phone = settings.e164(contact) { filter.complainant = phone }
        if asCSV {
            return csv(filter, layout: ComplaintCSV.Layout(Set(extras)), settings: settings, now: now)
        }
        let selection = filter
        // Each complaint is written from its row as the statement stands on it: no `Complaint` is built.
        let body = try backend.database.read { connection in
            var json = JSONWriter(capacity: 16 * 1024)
            json.beginObject()
            json.key("data")
            json.beginArray()
            let next = try connection.complaints(selection, after: cursor, limit: limit, now: now) { stored in
                ComplaintJSON.write(stored, role: caller.role, atRiskRatio: settings.atRiskRatio, now: now, into: &json)
            }
            json.endArray()
            json.field("next_cursor", next?.token)
            json.endObject()
            return json.bytes
        }
        return Backend.json(.ok, body)
    }

    /// 403 for an intake key asking what only staff may know of its complaints: filters on their
    /// handling (a department or assignee would otherwise be told by what the list returns) and
    /// the CSV export, whose columns are the staff view's.
    private static func refuseStaffOnly(_ filter: ComplaintFilter, asCSV: Bool, to caller: Caller) throws(Problem) {
        let asked = [
            ("department", !filter.departments.isEmpty), ("assignee", !filter.assignees.isEmpty),
            ("responsible", !filter.responsible.isEmpty), ("incident", !filter.incidents.isEmpty),
            ("overdue", filter.overdue != nil), ("at_risk", filter.atRisk != nil),
            ("escalated", filter.escalated != nil), ("format=csv", asCSV),
        ]
        .filter(\.1).map(\.0)
        guard asked.isEmpty else {
            throw Problem(
                .forbidden, slug: "forbidden", title: "Forbidden",
                detail: "An intake key sees its complaints as the customer does; \(asked.joined(separator: ", ")) "
                    + "needs the agent role or higher, and the key '\(caller.name)' has intake.")
        }
    }

    /// Whether the client asked for CSV before JSON in `Accept`.
    private static func prefersCSV(_ request: HTTPRequest) -> Bool {
        guard let accept = request.headers["Accept"] else { return false }
        for range in accept.split(separator: ",") {
            let type = range.split(separator: ";")[0].trimmingWhitespace.lowercased()
            if type == "text/csv" { return true }
            if type == "application/json" || type == "*/*" || type == "application/*" { return false }
        }
        return false
    }

    /// The selection as a CSV stream: rows are written as they are read, so memory stays flat
    /// and a slow reader only slows the export down.
    private func csv(
        _ filter: ComplaintFilter, layout: ComplaintCSV.Layout, settings: Settings, now: Instant
    ) -> HTTPResponse {
        let database = backend.database
        let log = backend.runtime.log
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"complaints.csv\"",
            ],
            body: .stream { writer in
                do {
                    try database.read { connection in
                        var chunk = layout.header
                        try connection.forEachComplaint(filter, now: now) { complaint in
                            ComplaintCSV.append(
                                complaint, layout: layout, atRiskRatio: settings.atRiskRatio, now: now,
                                to: &chunk)
                            guard chunk.count >= 16 * 1024 else { return true }
                            defer { chunk.removeAll(keepingCapacity: true) }
                            return writer.write(chunk)
                        }
                        if !chunk.isEmpty { writer.write(chunk) }
                    }
                } catch {
                    log.write(.warn, "csv export failed", [("error", .string(String(describing: error)))])
                }
                writer.finish()
            }
        )
    }
}
