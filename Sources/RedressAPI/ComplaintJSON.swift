import JSON
import RedressDomain

/// Writes a complaint as the API returns it, straight into bytes: the hot path of every read.
enum ComplaintJSON {
    /// The complaint's JSON object, with the actions open to `role` and its time limits at `now`.
    /// A `trackingCode` is written last, as it is shown once: at intake.
    static func write(_ complaint: Complaint, role: Role, atRiskRatio: Double, now: Instant,
                      trackingCode: String? = nil, into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", complaint.id)
        json.field("number", complaint.number.description)
        json.field("version", complaint.version)
        json.field("status", complaint.status.rawValue)
        json.key("allowed_actions")
        json.beginArray()
        Lifecycle.allowedActions(for: complaint.status, role: role).forEach { json.string($0.rawValue) }
        json.endArray()
        json.field("channel", complaint.channel.rawValue)
        json.field("category", complaint.category)
        json.field("priority", complaint.priority.rawValue)
        json.field("priority_reason", complaint.priorityReason)
        json.field("title", complaint.title)
        json.field("description", complaint.description)
        json.key("complainant")
        json.beginObject()
        json.field("name", complaint.complainant.name)
        json.field("phone", complaint.complainant.phone)
        json.field("email", complaint.complainant.email)
        json.field("customer_ref", complaint.complainant.customerRef)
        json.endObject()
        json.key("subject")
        json.beginObject()
        json.field("type", complaint.subject.type.rawValue)
        json.field("ref", complaint.subject.ref)
        json.field("name", complaint.subject.name)
        json.endObject()
        json.key("tags")
        json.beginArray()
        complaint.tags.forEach { json.string($0) }
        json.endArray()
        json.field("external_ref", complaint.externalRef)
        json.field("received_at", complaint.receivedAt)
        json.field("received_by", complaint.receivedBy)
        json.field("created_at", complaint.createdAt)
        json.field("updated_at", complaint.updatedAt)
        json.field("department", complaint.department)
        json.field("assignee", complaint.assignee)
        json.field("first_response_due_at", complaint.firstResponseDueAt)
        json.field("first_responded_at", complaint.firstRespondedAt)
        json.field("resolution_due_at", complaint.resolutionDueAt)
        json.field("resolved_at", complaint.resolvedAt)
        json.field("follow_up_due_at", complaint.followUpDueAt)
        json.field("closed_at", complaint.closedAt)
        let sla = SLA.evaluate(complaint, atRiskRatio: atRiskRatio, now: now)
        json.key("sla")
        json.beginObject()
        json.field("state", sla.state.rawValue)
        json.key("breached")
        json.beginArray()
        sla.breached.forEach { json.string($0.rawValue) }
        json.endArray()
        json.endObject()
        json.field("escalated", complaint.escalated)
        json.field("reopen_count", complaint.reopenCount)
        json.key("repeat_of")
        if let reference = complaint.repeatOf {
            json.beginObject()
            json.field("id", reference.id)
            json.field("number", reference.number.description)
            json.endObject()
        } else {
            json.null()
        }
        json.field("validity_note", complaint.validityNote)
        json.key("investigation")
        if let investigation = complaint.investigation {
            json.beginObject()
            json.field("findings", investigation.findings)
            json.field("root_cause", investigation.rootCause)
            json.endObject()
        } else {
            json.null()
        }
        json.key("responsibility")
        if let responsibility = complaint.responsibility {
            json.beginObject()
            json.field("department", responsibility.department)
            json.field("person", responsibility.person)
            json.field("penalty_minor", responsibility.penaltyMinor)
            json.endObject()
        } else {
            json.null()
        }
        json.key("proposal")
        if let proposal = complaint.proposal {
            json.beginObject()
            json.key("remedies")
            json.beginArray()
            proposal.remedies.forEach { json.string($0.rawValue) }
            json.endArray()
            json.field("amount_minor", proposal.amountMinor)
            json.field("currency", proposal.currency)
            json.field("description", proposal.description)
            json.field("approved_by", proposal.approvedBy)
            json.field("approved_at", proposal.approvedAt)
            json.endObject()
        } else {
            json.null()
        }
        json.key("resolution")
        if let resolution = complaint.resolution {
            json.beginObject()
            json.field("note", resolution.note)
            json.field("notified_via", resolution.notifiedVia)
            json.endObject()
        } else {
            json.null()
        }
        json.key("satisfaction")
        if let satisfaction = complaint.satisfaction {
            json.beginObject()
            json.field("satisfied", satisfaction.satisfied)
            json.field("score", satisfaction.score)
            json.field("comment", satisfaction.comment)
            json.field("method", satisfaction.method.rawValue)
            json.field("recorded_at", satisfaction.recordedAt)
            json.endObject()
        } else {
            json.null()
        }
        if let trackingCode { json.field("tracking_code", trackingCode) }
        json.endObject()
    }
}
