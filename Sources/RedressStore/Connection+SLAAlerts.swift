import RedressDomain
import SQLite

extension Connection {
    /// Records that the sweep raised `alert` (at risk or breached) for one limit of a complaint,
    /// whose clock started at `startedAt` (the department's: another department's clock is another
    /// limit; 0 for the others); false when it had already, so the caller appends the alert's
    /// event only the first time.
    public func recordSLAAlert(
        complaintID: Int64, alert: SLA.State, kind: SLA.Kind, startedAt: Instant? = nil, at: Instant
    ) throws -> Bool {
        try run(
            "INSERT OR IGNORE INTO sla_alerts (complaint_id, alert, kind, started_at, at) VALUES (?, ?, ?, ?, ?)",
            complaintID, alert.rawValue, kind.rawValue, startedAt?.seconds ?? 0, at.seconds)
        return changes == 1
    }

    /// Records that the sweep reminded the customer of the question the team has waited on since
    /// `awaitingSince`; false when it had already for that wait.
    public func recordReplyReminder(complaintID: Int64, awaitingSince: Instant, at: Instant) throws -> Bool {
        try run(
            """
            INSERT OR IGNORE INTO sla_alerts (complaint_id, alert, kind, started_at, at)
            VALUES (?, 'reminded', 'customer_reply', ?, ?)
            """, complaintID, awaitingSince.seconds, at.seconds)
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

    /// Brings the next look at every complaint waiting on the customer forward to `now`: the
    /// limits for a reply changed.
    public func rescheduleAwaitingChecks(now: Instant) throws {
        try run(
            "UPDATE complaints SET sla_check_at = ? WHERE status = 'awaiting_customer' AND sla_check_at IS NOT ?",
            now.seconds, now.seconds)
    }

    // MARK: Re-dating

    private static let openStatuses = Status.open.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The ids of open complaints after `after` up to `through`, at most `limit`, in id order: one
    /// batch of re-dating, read along the primary key.
    public func openComplaintIDs(after: Int64, through: Int64, limit: Int) throws -> [Int64] {
        try query(
            "SELECT id FROM complaints WHERE id > ? AND id <= ? AND status IN (\(Self.openStatuses)) ORDER BY id LIMIT ?",
            arguments: [after, through, limit], as: { try $0.get(0) as Int64 })
    }

    /// How many complaints are open with an id up to `through`, counted on the status index.
    public func openComplaintCount(through: Int64) throws -> Int {
        Int(
            try first("SELECT count(*) FROM complaints WHERE status IN (\(Self.openStatuses)) AND id <= ?", through)?
                .get(0) as Int64? ?? 0)
    }

    /// The highest complaint id, 0 when there is none.
    public func lastComplaintID() throws -> Int64 {
        try first("SELECT COALESCE(MAX(id), 0) FROM complaints")?.get(0) ?? 0
    }
}
