import HTTP
import JSON
import RedressDomain
import RedressStore

extension StatsRoutes {
    /// `GET /v1/stats/hotspots?window_days=`: early warning of categories and subjects whose
    /// complaints suddenly rose. The last `window_days` (1–90, default 7) up to now are compared
    /// with the four windows of the same length before them: a category or `subject.ref` is a hot
    /// spot when its count in the last window is at least 5 and at least 3 times its baseline, the
    /// mean count of the four earlier windows. When the baseline is 0, a count of 5 or more
    /// qualifies and `ratio` (count ÷ baseline) is null. Largest count first.
    func hotspots(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        var query = ListQuery(request, allowed: ["window_days"])
        let days = query.integer("window_days", in: 1...90, default: 7)
        try query.validate()
        let now = backend.now
        let window = Int64(days) * 86_400
        let hotspots = try backend.database.read { try $0.hotspots(windowSeconds: window, endingAt: now) }
        var json = JSONWriter(capacity: 256 + hotspots.count * 192)
        json.beginObject()
        json.field("window_days", days)
        json.field("as_of", now)
        json.key("hotspots")
        json.beginArray()
        for hotspot in hotspots {
            json.beginObject()
            json.field("dimension", hotspot.dimension.rawValue)
            json.field("key", hotspot.key)
            json.field("count", hotspot.count)
            json.field("baseline", hotspot.baseline)
            json.field("ratio", hotspot.ratio)
            json.field("window_start", now.adding(seconds: -window))
            json.field("window_end", now)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }
}
