import HTTP
import JSON
import RedressDomain
import RedressStore

/// `/v1/stats`: the reports management reads (DOMAIN.md "What management watches"), for
/// supervisors and up. Every figure is computed by the database over complaints received in a
/// period: `from` and `to` (RFC 3339, both included), by default the 30 days up to now.
struct StatsRoutes {
    let backend: Backend

    /// The period a report covers when the request names none.
    static let defaultPeriodDays = 30

    func register(on router: inout Router) {
        router.add(.get, "/v1/stats/summary") { request, _ in try summary(request) }
        router.add(.get, "/v1/stats/trends") { request, _ in try trends(request) }
        router.add(.get, "/v1/stats/hotspots") { request, _ in try hotspots(request) }
        router.add(.get, "/v1/stats/people") { request, _ in try appraisal(request, by: .person) }
        router.add(.get, "/v1/stats/departments") { request, _ in try appraisal(request, by: .department) }
    }

    /// `GET /v1/stats/summary?from=&to=`: counts by status, category, channel, priority and
    /// department; hours to first response and to resolution; the on-time rate of each clock,
    /// follow-up, reopen and repeat rates; the overdue count and the mean satisfaction; the
    /// complaints merged and those linked to an incident, and the incidents open now; the mean
    /// hours in each status and the time paused waiting on customers.
    private func summary(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .supervisor)
        var query = ListQuery(request, allowed: ["from", "to"])
        let now = backend.now
        let period = Self.period(&query, now: now)
        try query.validate()
        let summary = try backend.database.read { try $0.summary(receivedFrom: period.from, to: period.to, now: now) }
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        Self.writePeriod(period, into: &json)
        json.field("total", summary.total)
        for (name, counts) in [
            ("by_status", summary.byStatus), ("by_category", summary.byCategory),
            ("by_channel", summary.byChannel), ("by_priority", summary.byPriority),
            ("by_department", summary.byDepartment),
        ] {
            json.key(dynamic: name)
            Self.write(counts, into: &json)
        }
        for (name, hours) in [
            ("first_response_hours", summary.firstResponseHours),
            ("resolution_hours", summary.resolutionHours),
        ] {
            json.key(dynamic: name)
            json.beginObject()
            json.field("median", hours.median)
            json.field("mean", hours.mean)
            json.endObject()
        }
        json.key("on_time_rate")
        Self.write(summary.onTime, into: &json)
        json.field("overdue", summary.overdue)
        json.field("follow_up_rate", summary.followUpRate)
        json.field("satisfaction_mean", summary.satisfactionMean)
        json.field("reopen_rate", summary.reopenRate)
        json.field("repeat_rate", summary.repeatRate)
        json.field("merged", summary.merged)
        json.field("linked_to_incidents", summary.linkedToIncidents)
        json.field("incidents_open", summary.incidentsOpen)
        json.key("status_hours_mean")
        json.beginObject()
        for (status, hours) in summary.statusHoursMean {
            json.key(dynamic: status)
            json.double(hours)
        }
        json.endObject()
        json.key("paused")
        json.beginObject()
        json.field("complaints", summary.paused.complaints)
        json.field("hours_total", summary.paused.hoursTotal)
        json.field("hours_mean", summary.paused.hoursMean)
        json.endObject()
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }

    /// The period of `from` and `to`, defaulting to the 30 days up to `now`; an error when `from` is after `to`.
    static func period(_ query: inout ListQuery, now: Instant) -> (from: Instant, to: Instant) {
        let to = query.instant("to") ?? now
        let from = query.instant("from") ?? to.adding(seconds: -Int64(defaultPeriodDays) * 86_400)
        if from > to { query.errors.append(FieldError("from", "must not be after to")) }
        return (from, to)
    }

    /// The `from` and `to` fields.
    static func writePeriod(_ period: (from: Instant, to: Instant), into json: inout JSONWriter) {
        json.field("from", period.from)
        json.field("to", period.to)
    }

    /// The on-time rate of each clock, `{first_contact, investigation_report, resolution, follow_up}`.
    /// With `firstResponse`, the appraisal reports' form: `first_response` first, the first-contact
    /// clock under the name those reports first gave it.
    static func write(_ rates: OnTimeRates, firstResponse: Bool = false, into json: inout JSONWriter) {
        json.beginObject()
        if firstResponse { json.field("first_response", rates.firstContact) }
        for clock in SLAClock.allCases {
            json.key(dynamic: clock.rawValue)
            if let rate = rates[clock] { json.double(rate) } else { json.null() }
        }
        json.endObject()
    }

    /// Counts as one object, `{key: count}`, in key order.
    static func write(_ counts: [(key: String, count: Int)], into json: inout JSONWriter) {
        json.beginObject()
        for (key, count) in counts {
            json.key(dynamic: key)
            json.int(count)
        }
        json.endObject()
    }
}
