import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

extension TrackingRoutes {
    /// The public view of `complaint` as a 200 response, never cached: `{number, status,
    /// status_label, received_at, resolution_due_at, explanation, resolution_note, timeline}`.
    /// It is written field by field from an allow-list, so nothing internal (assignee,
    /// department, responsibility, penalty, internal notes, event data, the complainant's
    /// contact) can reach it by accident.
    static func response(_ complaint: Complaint, on connection: Connection) throws -> HTTPResponse {
        let timeline = try connection.publicTimeline(complaintID: complaint.id, noteEvent: LifecycleRoutes.noteAddedEvent)
        var json = JSONWriter(capacity: 512 + 128 * timeline.count)
        json.beginObject()
        json.field("number", complaint.number.description)
        json.field("status", complaint.status.rawValue)
        json.field("status_label", StatusLabel.text(for: complaint.status, in: CustomerLanguage(writing: complaint)))
        json.field("received_at", complaint.receivedAt)
        json.field("resolution_due_at", complaint.resolutionDueAt)
        json.field("explanation", complaint.status == .rejected ? complaint.validityNote : nil)
        json.field("resolution_note", [.resolved, .closed].contains(complaint.status) ? complaint.resolution?.note : nil)
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
