import JSON
import RedressDomain
import RedressStore

/// Stored events as timelines and the feed return them.
enum EventJSON {
    /// A stored event as the timeline (`{seq, type, at, actor, from_status, to_status, data}`) and,
    /// `withComplaint`, the feed (which adds `complaint: {id, number}`) return it.
    static func write(_ event: EventRecord, withComplaint: Bool, into json: inout JSONWriter) {
        json.beginObject()
        json.field("seq", event.seq)
        if withComplaint {
            json.key("complaint")
            json.beginObject()
            json.field("id", event.complaintID)
            json.field("number", event.complaintNumber)
            json.endObject()
        }
        json.field("type", event.type)
        json.field("at", event.at)
        json.field("actor", event.actor)
        json.field("from_status", event.fromStatus?.rawValue)
        json.field("to_status", event.toStatus?.rawValue)
        json.key("data")
        json.raw(event.data)
        json.endObject()
    }
}
