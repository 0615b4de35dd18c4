import RedressDomain
import SQLite

/// Per clock, the share of its time limits met on time among those decided: met (on time or
/// late), or missed (unmet and past due, judged when it ended for an ended complaint); nil when
/// none is decided yet. The rule is `SLA.evaluate`'s: the resolution is met by a rejection too,
/// and is not missed while its clock is paused waiting on the customer; the follow-up is met by
/// a follow-up of the standing resolution; the investigation report counts only where a policy
/// set its clock.
public struct OnTimeRates: Sendable, Equatable {
    public var firstContact: Double?
    public var investigationReport: Double?
    public var resolution: Double?
    public var followUp: Double?

    /// No share known.
    public init() {}

    /// The share for `clock`.
    public subscript(clock: SLAClock) -> Double? {
        get {
            switch clock {
            case .firstContact: firstContact
            case .investigationReport: investigationReport
            case .resolution: resolution
            case .followUp: followUp
            }
        }
        set {
            switch clock {
            case .firstContact: firstContact = newValue
            case .investigationReport: investigationReport = newValue
            case .resolution: resolution = newValue
            case .followUp: followUp = newValue
            }
        }
    }

    /// Two aggregate columns per clock, in `SLAClock.allCases` order: how many are decided, and
    /// how many of those were met on time, over complaints `c` at the moment `now` (an SQL
    /// expression, such as a bound parameter).
    static func sql(now: String) -> String {
        SLAClock.allCases.map { clock in
            let (met, due) = expressions(clock)
            let stoppedAt = "COALESCE(c.closed_at, \(now))"
            let paused = clock == .resolution ? " AND c.status <> 'awaiting_customer'" : ""
            return """
                SUM(\(due) IS NOT NULL AND (\(met) IS NOT NULL OR (\(stoppedAt) > \(due)\(paused)))),
                SUM(COALESCE(\(met) <= \(due), 0))
                """
        }
        .joined(separator: ",\n")
    }

    /// The rates from the columns `sql` selects, starting at `index`.
    static func read(_ row: Row, from index: Int) throws -> OnTimeRates {
        var rates = OnTimeRates()
        for (offset, clock) in SLAClock.allCases.enumerated() {
            let decided: Int64 = try row.get(index + 2 * offset) ?? 0
            let onTime: Int64 = try row.get(index + 2 * offset + 1) ?? 0
            rates[clock] = decided > 0 ? (Double(onTime) / Double(decided) * 10_000).rounded() / 10_000 : nil
        }
        return rates
    }

    // When the clock was met, and when it is due, as SQL over `c`.
    private static func expressions(_ clock: SLAClock) -> (met: String, due: String) {
        switch clock {
        case .firstContact: ("c.first_responded_at", "c.first_response_due_at")
        case .investigationReport: ("c.investigation_reported_at", "c.investigation_report_due_at")
        case .resolution:
            ("COALESCE(c.resolved_at, CASE WHEN c.status = 'rejected' THEN c.closed_at END)", "c.resolution_due_at")
        case .followUp:
            (
                "CASE WHEN c.satisfaction_recorded_at >= c.resolved_at THEN c.satisfaction_recorded_at END",
                "c.follow_up_due_at"
            )
        }
    }
}
