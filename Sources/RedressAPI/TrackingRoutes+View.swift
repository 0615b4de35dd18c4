import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension TrackingRoutes {
    /// The public view of a tracked complaint as a 200 response, never cached: `{number, status,
    /// status_label, received_at, resolution_due_at, promise, explanation, proposal,
    /// resolution_note, merged_into, incident_statement, timeline}`: the promise until it is
    /// resolved (`CustomerPromise`, its date in `zone`, the zone of the resolution's calendar:
    /// `{target, limit, due_date, text, paused_for, paused, paused_text}`); the proposal once
    /// approved, for the customer to answer (`{remedies, amount_minor, currency, description,
    /// answer}`); a merged duplicate's survivor by number, and the public statement of the incident
    /// the complaint is linked to, never the incident itself.
    /// It is written field by field from an allow-list, so nothing internal (assignee,
    /// department, responsibility, penalty, internal notes, event data, the complainant's
    /// contact) can reach it by accident.
    static func response(_ tracked: TrackedComplaint, zone: ZoneRules) -> HTTPResponse {
        let (complaint, timeline) = (tracked.complaint, tracked.timeline)
        let language = CustomerLanguage(writing: complaint)
        var json = JSONWriter(capacity: 512 + 128 * timeline.count)
        json.beginObject()
        json.field("number", complaint.number.description)
        json.field("status", complaint.status.rawValue)
        json.field("status_label", StatusLabel.text(for: complaint.status, in: language))
        json.field("received_at", complaint.receivedAt)
        json.field("resolution_due_at", complaint.resolutionDueAt)
        json.key("promise")
        if CustomerPromise.applies(to: complaint) {
            let promise = CustomerPromise(complaint, zone: zone, language: language)
            json.beginObject()
            json.key("target")
            if let target = promise.target { json.value(PolicyJSON.encode(target)) } else { json.null() }
            json.field("limit", promise.limit)
            json.field("due_date", promise.dueDate.iso8601)
            json.field("text", promise.text)
            json.field("paused_for", promise.pausedFor)
            json.field("paused", promise.paused)
            json.field("paused_text", promise.pausedText)
            json.endObject()
        } else {
            json.null()
        }
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
