import JSON
import RedressDomain

/// Event data as the JSON object stored with each event and returned in timelines and the feed.
enum EventJSON {
    /// The data's pairs as one JSON object.
    static func encode(_ data: [(String, EventValue)]) -> [UInt8] {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        for (key, value) in data {
            json.key(key)
            write(value, into: &json)
        }
        json.endObject()
        return json.bytes
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
