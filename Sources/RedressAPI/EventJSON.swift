import JSON
import RedressDomain
import RedressStore

/// Event data as the JSON object stored with each event and returned in timelines and the feed.
enum EventJSON {
    /// The data's pairs as one JSON object.
    static func encode(_ data: [(String, EventValue)]) -> [UInt8] {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        for (key, value) in data {
            json.key(dynamic: key)
            write(value, into: &json)
        }
        json.endObject()
        return json.bytes
    }

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

    private static func write(_ value: EventValue, into json: inout JSONWriter) {
        switch value {
        case .string(let text): json.string(text)
        case .int(let number): json.int(number)
        case .bool(let flag): json.bool(flag)
        case .null: json.null()
        case .array(let items):
            json.beginArray()
            items.forEach { write($0, into: &json) }
            json.endArray()
        }
    }
}
