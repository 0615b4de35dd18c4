import HTTP
import JSON
import RedressDomain
import RedressStore

extension StatsRoutes {
    /// The most buckets one trend returns; a longer range needs a longer interval.
    static let maxTrendBuckets = 1000

    /// `GET /v1/stats/trends?interval=&group_by=&from=&to=`: complaints received per bucket of
    /// `interval` (`day` by default; in `REDRESS_TZ`, weeks from Monday) and per value of `group_by`
    /// (`category` by default), every bucket of the period present, empty ones as `{}`.
    func trends(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        var query = ListQuery(request, allowed: ["interval", "group_by", "from", "to"])
        let intervals: [Trend.Interval] = query.choices("interval")
        let groupings: [Trend.Grouping] = query.choices("group_by")
        if intervals.count > 1 { query.errors.append(FieldError("interval", "takes one interval")) }
        if groupings.count > 1 { query.errors.append(FieldError("group_by", "takes one grouping")) }
        let period = Self.period(&query, now: backend.now)
        try query.validate()
        let interval = intervals.first ?? .day
        let grouping = groupings.first ?? .category
        let zone = backend.runtime.zone
        let trend = try backend.database.read { connection in
            try connection.trend(
                receivedFrom: period.from, to: period.to, interval: interval, grouping: grouping,
                zone: zone, maxBuckets: Self.maxTrendBuckets)
        }
        guard let buckets = trend else {
            throw Problem.badRequest(
                "From \(period.from.rfc3339) to \(period.to.rfc3339) is more than \(Self.maxTrendBuckets) "
                    + "\(interval.rawValue) buckets; shorten the period or use a longer interval.")
        }
        var json = JSONWriter(capacity: 256 + buckets.count * 96)
        json.beginObject()
        json.field("interval", interval.rawValue)
        json.field("group_by", grouping.rawValue)
        Self.writePeriod(period, into: &json)
        json.key("buckets")
        json.beginArray()
        for bucket in buckets {
            json.beginObject()
            json.field("start", bucket.start)
            json.key("counts")
            Self.write(bucket.counts, into: &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }
}
