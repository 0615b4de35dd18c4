import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension TrackingRoutes {
    /// The public view of a tracked complaint as a 200 response, never cached: `{number, status,
    /// status_label, received_at, resolution_due_at, explanation, proposal, resolution_note,
    /// merged_into, incident_statement, timeline}`: a merged duplicate's survivor by number, and the
    /// public statement of the incident the complaint is linked to, never the incident itself; the
    /// proposal once approved, for the customer to answer (`{remedies, amount_minor,
    /// currency, description, answer}`).
    /// It is written field by field from an allow-list, so nothing internal (assignee,
    /// department, responsibility, penalty, internal notes, event data, the complainant's
    /// contact) can reach it by accident.
    static func response(_ tracked: TrackedComplaint) -> HTTPResponse {
        let (complaint, timeline) = (tracked.complaint, tracked.timeline)
        var json = JSONWriter(capacity: 512 + 128 * timeline.count)
        json.beginObject()
        json.field("number", complaint.number.description)
        json.field("status", complaint.status.rawValue)
        json.field("status_label", StatusLabel.text(for: complaint.status, in: CustomerLanguage(writing: complaint)))
        json.field("received_at", complaint.receivedAt)
        json.field("resolution_due_at", complaint.resolutionDueAt)
        json.field("explanation", complaint.status == .rejected ? complaint.validityNote : nil)
        json.key("proposal")
        if let proposal = complaint.proposal, proposal.approvedAt != nil,
            [.approved, .resolved, .closed].contains(complaint.status)
        {
            json.beginObject()
            json.key("remedies")
            json.beginArray()
            proposal.remedies.forEach { json.string($0.rawValue) }
            json.endArray()
            json.field("amount_minor", proposal.amountMinor)
            json.field("currency", proposal.currency)
            json.field("description", proposal.description)
            json.key("answer")
            if let answer = proposal.answer {
                json.beginObject()
                json.field("accepted", answer.accepted)
                json.field("comment", answer.comment)
                json.field("at", answer.at)
                json.endObject()
            } else {
                json.null()
            }
            json.endObject()
        } else {
            json.null()
        }
        json.field(
            "resolution_note", [.resolved, .closed].contains(complaint.status) ? complaint.resolution?.note : nil)
        json.field("merged_into", complaint.mergedInto?.number.description)
        json.key("incident_statement")
        if let statement = tracked.statement {
            json.beginObject()
            json.field("text", statement.text)
            json.field("updated_at", statement.updatedAt)
            json.endObject()
        } else {
            json.null()
        }
        json.key("timeline")
        json.beginArray()
        for event in timeline {
            json.beginObject()
            json.field("at", event.at)
            json.field("type", event.type)
            json.field("status", event.status.rawValue)
            json.field("note", event.note)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Backend.json(.ok, json.bytes, headers: ["Cache-Control": "no-store"])
    }
}
