import RedressDomain
import SQLite

extension Connection {
    /// Records that the sweep raised `alert` (at risk or breached) for one limit of a complaint; false
    /// when it had already, so the caller appends the alert's event only the first time.
    public func recordSLAAlert(complaintID: Int64, alert: SLA.State, kind: SLA.Kind, at: Instant) throws -> Bool {
        try run("INSERT OR IGNORE INTO sla_alerts (complaint_id, alert, kind, at) VALUES (?, ?, ?, ?)",
                complaintID, alert.rawValue, kind.rawValue, at.seconds)
        return changes == 1
    }

    /// The ids of the open complaints that may owe an alert at `now`: a limit past its at-risk
    /// share of time (`atRiskRatio`) without an at-risk alert, or past due (or met late) without a
    /// breach alert. A superset of what `SLA.evaluate` reports. The query visits every open
    /// complaint, through the status index: run it on a reader, not inside a write.
    public func complaintIDsOwingSLAAlerts(now: Instant, atRiskRatio: Double) throws -> [Int64] {
        let statuses = Status.open.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try query("""
            SELECT c.id FROM complaints c
            WHERE c.status IN (\(statuses)) AND (
                \(Self.owesAlert(.firstResponse, start: "c.received_at", due: "c.first_response_due_at", met: "c.first_responded_at"))
                OR \(Self.owesAlert(.resolution, start: "c.received_at", due: "c.resolution_due_at", met: "c.resolved_at"))
                OR \(Self.owesAlert(.followUp, start: "c.resolved_at", due: "c.follow_up_due_at", met: "NULL"))
            )
            ORDER BY c.id
            """, arguments: [now.seconds, atRiskRatio], as: { try $0.get(0) as Int64 })
    }

    // One limit's condition over columns named in code, never input; `?1` is now and `?2` the
    // ratio. An open complaint's follow-up is never met: following up moves it out of `resolved`
    // or clears its due date.
    private static func owesAlert(_ kind: SLA.Kind, start: String, due: String, met: String) -> String {
        func alerted(_ alert: SLA.State) -> String {
            """
            EXISTS (SELECT 1 FROM sla_alerts a WHERE a.complaint_id = c.id AND a.alert = '\(alert.rawValue)' \
            AND a.kind = '\(kind.rawValue)')
            """
        }
        return """
            (\(due) IS NOT NULL AND (
                (\(met) IS NULL AND ?1 <= \(due) AND ?1 - \(start) >= ?2 * (\(due) - \(start)) AND NOT \(alerted(.atRisk)))
                OR ((\(met) > \(due) OR (\(met) IS NULL AND ?1 > \(due))) AND NOT \(alerted(.breached)))
            ))
            """
    }
}
