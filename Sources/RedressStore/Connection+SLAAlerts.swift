import RedressDomain
import SQLite

extension Connection {
    /// Records that the sweep raised `alert` (at risk or breached) for one limit of a complaint; false
    /// when it had already, so the caller appends the alert's event only the first time.
    public func recordSLAAlert(complaintID: Int64, alert: SLA.State, kind: SLA.Kind, at: Instant) throws -> Bool {
        try run(
            "INSERT OR IGNORE INTO sla_alerts (complaint_id, alert, kind, at) VALUES (?, ?, ?, ?)",
            complaintID, alert.rawValue, kind.rawValue, at.seconds)
        return changes == 1
    }

    /// The ids of the complaints whose time limits the sweep is to look at by `now`
    /// (`Schema.slaCheck`), earliest first.
    public func complaintIDsDueForSLACheck(now: Instant) throws -> [Int64] {
        try query(
            "SELECT id FROM complaints WHERE sla_check_at <= ? ORDER BY sla_check_at, id",
            arguments: [now.seconds], as: { try $0.get(0) as Int64 })
    }

    /// When the sweep is next to look at a complaint; nil for never, until it changes.
    public func scheduleSLACheck(complaintID: Int64, at moment: Instant?) throws {
        try run("UPDATE complaints SET sla_check_at = ? WHERE id = ?", moment?.seconds, complaintID)
    }

    /// Brings every scheduled look forward to `now`: the moments were computed with an at-risk
    /// share that has changed.
    public func rescheduleSLAChecks(now: Instant) throws {
        try run("UPDATE complaints SET sla_check_at = ? WHERE sla_check_at > ?", now.seconds, now.seconds)
    }
}
