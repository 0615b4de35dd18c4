import JSON
import RedressDomain
import RedressStore

/// Writes a complaint as the API returns it, straight into bytes: the hot path of every read.
enum ComplaintJSON {
    /// The complaint's JSON object, with the actions open to `role` and its time limits at `now`:
    /// the staff view, or for `intake` the intake view (`writeIntakeView`). A `trackingCode` is
    /// written last, as it is shown once: at intake.
    static func write(
        _ complaint: some ComplaintFields, role: Role, atRiskRatio: Double, now: Instant,
        trackingCode: String? = nil, into json: inout JSONWriter
    ) {
        guard role > .intake else {
            return writeIntakeView(complaint, trackingCode: trackingCode, into: &json)
        }
        func text(_ name: StaticString, _ column: ComplaintColumn) {
            json.key(name)
            complaint.writeText(column, into: &json)
        }
        func integer(_ name: StaticString, _ column: ComplaintColumn) { json.field(name, complaint.integer(column)) }
        func bool(_ name: StaticString, _ column: ComplaintColumn) {
            json.field(name, complaint.integer(column).map { $0 != 0 })
        }
        func instant(_ name: StaticString, _ column: ComplaintColumn) { json.field(name, complaint.instant(column)) }
        /// `name`: an object written by `body` when the complaint has the part `column` marks, else null.
        func part(_ name: StaticString, _ column: ComplaintColumn, _ body: () -> Void) {
            json.key(name)
            guard complaint.has(column) else { return json.null() }
            json.beginObject()
            body()
            json.endObject()
        }

        writeSubmission(complaint, role: role, into: &json)
        text("received_by", .receivedBy)
        // A complaint from before the field existed is answered for by whoever received it.
        text("responsible", complaint.has(.responsible) ? .responsible : .receivedBy)
        instant("created_at", .createdAt)
        instant("updated_at", .updatedAt)
        text("department", .department)
        text("assignee", .assignee)
        integer("assignee_user", .assigneeUser)
        instant("first_response_due_at", .firstResponseDueAt)
        instant("first_responded_at", .firstRespondedAt)
        instant("investigation_reported_at", .investigationReportedAt)
        instant("awaiting_customer_since", .awaitingSince)
        instant("resolution_due_at", .resolutionDueAt)
        instant("resolved_at", .resolvedAt)
        instant("follow_up_due_at", .followUpDueAt)
        instant("closed_at", .closedAt)
        instant("reopened_at", .reopenedAt)
        let sla = SLA.evaluate(complaint.clocks, atRiskRatio: atRiskRatio, now: now)
        json.key("sla")
        json.beginObject()
        json.field("state", sla.state.rawValue)
        json.key("breached")
        json.beginArray()
        sla.breached.forEach { json.string($0.rawValue) }
        json.endArray()
        json.key("at_risk")
        json.beginArray()
        sla.atRisk.forEach { json.string($0.rawValue) }
        json.endArray()
        text("policy", .slaPolicy)
        json.key("clocks")
        json.beginObject()
        for clock in SLAClock.allCases {
            writeClock(clock, of: complaint, into: &json)
        }
        writeDepartmentClock(of: complaint, into: &json)
        json.endObject()
        json.endObject()
        bool("escalated", .escalated)
        integer("reopen_count", .reopenCount)
        part("repeat_of", .repeatOf) {
            integer("id", .repeatOf)
            text("number", .repeatOfNumber)
        }
        integer("incident", .incident)
        part("merged_into", .mergedInto) {
            integer("id", .mergedInto)
            text("number", .mergedIntoNumber)
        }
        text("validity_note", .validityNote)
        part("investigation", .hasInvestigation) {
            text("findings", .investigationFindings)
            text("root_cause", .investigationRootCause)
            text("report", .investigationReport)
        }
        part("responsibility", .hasResponsibility) {
            text("department", .responsibilityDepartment)
            text("person", .responsibilityPerson)
            integer("penalty_minor", .responsibilityPenaltyMinor)
        }
        part("proposal", .proposalDescription) {
            json.key("remedies")
            json.beginArray()
            complaint.writeRemedies(into: &json)
            json.endArray()
            integer("amount_minor", .proposalAmountMinor)
            text("currency", .proposalCurrency)
            text("description", .proposalDescription)
            text("approved_by", .proposalApprovedBy)
            instant("approved_at", .proposalApprovedAt)
            part("answer", .proposalAnswerAt) {
                bool("accepted", .proposalAnswerAccepted)
                text("comment", .proposalAnswerComment)
                text("via", .proposalAnswerVia)
                instant("at", .proposalAnswerAt)
            }
        }
        part("resolution", .resolutionNote) {
            text("note", .resolutionNote)
            text("notified_via", .resolutionNotifiedVia)
        }
        json.key("satisfaction")
        if complaint.hasCurrentSatisfaction {
            json.beginObject()
            bool("satisfied", .satisfactionSatisfied)
            integer("score", .satisfactionScore)
            text("comment", .satisfactionComment)
            text("method", .satisfactionMethod)
            instant("recorded_at", .satisfactionRecordedAt)
            json.endObject()
        } else {
            json.null()
        }
        if let trackingCode { json.field("tracking_code", trackingCode) }
        json.endObject()
    }

    /// One clock of `sla.clocks`: its due date, the policy, target and calendar that set it, and
    /// its at-risk moment, and the time it was paused for (the resolution's, waiting on the
    /// customer; the other clocks counted from receipt do not pause); null when it has no due date.
    private static func writeClock(_ clock: SLAClock, of complaint: some ComplaintFields, into json: inout JSONWriter) {
        let columns = ComplaintColumn.source(of: clock)
        let due: Instant? =
            switch clock {
            case .firstContact: complaint.instant(.firstResponseDueAt)
            case .investigationReport: complaint.instant(.investigationReportDueAt)
            case .resolution: complaint.instant(.resolutionDueAt)
            case .followUp: complaint.instant(.followUpDueAt)
            }
        json.key(dynamic: clock.rawValue)
        guard let due else { return json.null() }
        json.beginObject()
        json.field("due_at", due)
        json.key("policy")
        complaint.writeText(columns.policy, into: &json)
        json.key("target")
        if let target = complaint.withUTF8(
            columns.target, { TimeLimitTarget(stored: String(decoding: $0, as: UTF8.self)) }) ?? nil
        {
            json.value(PolicyJSON.encode(target))
        } else {
            json.null()
        }
        json.key("calendar")
        complaint.writeText(columns.calendar, into: &json)
        json.field("at_risk_at", complaint.instant(ComplaintColumn.atRisk(of: clock)))
        json.field("paused_for", clock == .resolution ? complaint.integer(.resolutionPausedFor) ?? 0 : 0)
        json.endObject()
    }

    /// `sla.clocks.department`: the limit of the department the complaint is with, counted from
    /// its assignment there (`started_at`), paused with the resolution's; null when no policy sets
    /// one for that department.
    private static func writeDepartmentClock(of complaint: some ComplaintFields, into json: inout JSONWriter) {
        json.key("department")
        guard let due = complaint.instant(.departmentDueAt) else { return json.null() }
        json.beginObject()
        json.key("department")
        complaint.writeText(.department, into: &json)
        json.field("started_at", complaint.instant(.departmentSince))
        json.field("due_at", due)
        json.key("policy")
        complaint.writeText(.departmentPolicy, into: &json)
        json.key("target")
        if let target = complaint.withUTF8(
            .departmentTarget, { TimeLimitTarget(stored: String(decoding: $0, as: UTF8.self)) }) ?? nil
        {
            json.value(PolicyJSON.encode(target))
        } else {
            json.null()
        }
        json.key("calendar")
        complaint.writeText(.departmentCalendar, into: &json)
        json.field("at_risk_at", complaint.instant(.departmentAtRiskAt))
        json.field("paused_for", complaint.integer(.departmentPausedFor) ?? 0)
        json.endObject()
    }

    /// What an intake key sees of a complaint it registered: what it submitted, and what the
    /// customer sees on the tracking page (status, the promised resolution date, a rejection's
    /// explanation, the resolution), and nothing internal: no department, assignee, priority
    /// reason, investigation, responsibility, proposal or time-limit state. Of a repeat it learns
    /// only that it is one (`repeat`), never which case it repeats, which may be another key's.
    /// An intake key is often a public web form's backend.
    private static func writeIntakeView(
        _ complaint: some ComplaintFields, trackingCode: String?,
        into json: inout JSONWriter
    ) {
        writeSubmission(complaint, role: .intake, into: &json)
        json.field("created_at", complaint.instant(.createdAt))
        json.field("updated_at", complaint.instant(.updatedAt))
        json.field("resolution_due_at", complaint.instant(.resolutionDueAt))
        json.field("repeat", complaint.has(.repeatOf))
        json.key("explanation")
        if complaint.status == .rejected { complaint.writeText(.validityNote, into: &json) } else { json.null() }
        json.key("resolution_note")
        let resolved = complaint.status == .resolved || complaint.status == .closed
        if resolved { complaint.writeText(.resolutionNote, into: &json) } else { json.null() }
        // The survivor's number, as the customer reads it on the tracking page.
        json.key("merged_into")
        complaint.writeText(.mergedIntoNumber, into: &json)
        if let trackingCode { json.field("tracking_code", trackingCode) }
        json.endObject()
    }

    /// Opens the complaint's object and writes what both views share: its identity and status,
    /// the actions open to `role`, and what was submitted at intake up to `received_at` (with the
    /// priority's reason for staff, after the priority).
    private static func writeSubmission(_ complaint: some ComplaintFields, role: Role, into json: inout JSONWriter) {
        func text(_ name: StaticString, _ column: ComplaintColumn) {
            json.key(name)
            complaint.writeText(column, into: &json)
        }
        json.beginObject()
        json.field("id", complaint.integer(.id))
        text("number", .number)
        json.field("version", complaint.version)
        text("status", .status)
        json.key("allowed_actions")
        json.beginArray()
        Lifecycle.allowedActions(for: complaint.status, role: role).forEach { json.string($0.rawValue) }
        json.endArray()
        text("channel", .channel)
        text("category", .category)
        text("priority", .priority)
        if role > .intake { text("priority_reason", .priorityReason) }
        text("title", .title)
        text("description", .description)
        json.key("complainant")
        json.beginObject()
        text("name", .complainantName)
        text("phone", .complainantPhone)
        text("email", .complainantEmail)
        text("customer_ref", .complainantCustomerRef)
        json.endObject()
        json.key("subject")
        json.beginObject()
        text("type", .subjectType)
        text("ref", .subjectRef)
        text("name", .subjectName)
        json.endObject()
        json.key("tags")
        json.beginArray()
        complaint.tags.forEach { json.string($0) }
        json.endArray()
        text("external_ref", .externalRef)
        text("region", .region)
        json.field("received_at", complaint.instant(.receivedAt))
    }
}
