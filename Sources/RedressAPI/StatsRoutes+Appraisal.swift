import HTTP
import JSON
import RedressDomain
import RedressStore

extension StatsRoutes {
    /// `GET /v1/stats/people?from=&to=` and `GET /v1/stats/departments?from=&to=`: per assignee
    /// (or department) of the complaints received in the period, how many they hold and resolved,
    /// the on-time share of each clock (`first_response` repeating `first_contact`), mean hours to first response and to resolution, the mean
    /// satisfaction, reopened and repeat counts, and the penalties recorded against them as the
    /// responsible party; `{from, to, data: [...]}`, by key.
    func appraisal(_ request: HTTPRequest, by grouping: Appraisal.Grouping) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        var query = ListQuery(request, allowed: ["from", "to"])
        let now = backend.now
        let period = Self.period(&query, now: now)
        try query.validate()
        let appraisals = try backend.database.read {
            try $0.appraisals(by: grouping, receivedFrom: period.from, to: period.to, now: now)
        }
        var json = JSONWriter(capacity: 256 + 512 * appraisals.count)
        json.beginObject()
        Self.writePeriod(period, into: &json)
        json.key("data")
        json.beginArray()
        for appraisal in appraisals {
            json.beginObject()
            json.field(grouping == .person ? "person" : "department", appraisal.key)
            json.field("handled", appraisal.handled)
            json.field("resolved", appraisal.resolved)
            json.key("on_time_rate")
            Self.write(appraisal.onTime, firstResponse: true, into: &json)
            json.field("first_response_hours_mean", appraisal.firstResponseHoursMean)
            json.field("resolution_hours_mean", appraisal.resolutionHoursMean)
            json.field("satisfaction_mean", appraisal.satisfactionMean)
            json.field("satisfaction_count", appraisal.satisfactionCount)
            json.field("reopened", appraisal.reopened)
            json.field("repeats", appraisal.repeats)
            json.key("penalties")
            json.beginObject()
            json.field("count", appraisal.penaltyCount)
            json.field("sum_minor", appraisal.penaltySumMinor)
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }
}
