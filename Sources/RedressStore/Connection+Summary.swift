import RedressDomain
import SQLite

extension Connection {
    /// The summary of the complaints received from `from` to `to` (both included), with time
    /// limits judged at `now`. Every figure comes from SQL over the `received_at` index; hours are
    /// rounded to two decimals and shares to four.
    public func summary(receivedFrom from: Instant, to: Instant, now: Instant) throws -> ComplaintSummary {
        var summary = ComplaintSummary()
        for row in try query(Self.breakdownSQL, from.seconds, to.seconds) {
            let entry = (key: try row.get(1) as String, count: Int(try row.get(2) as Int64))
            switch try row.get(0) as String {
            case "status": summary.byStatus.append(entry)
            case "category": summary.byCategory.append(entry)
            case "channel": summary.byChannel.append(entry)
            case "priority": summary.byPriority.append(entry)
            default: summary.byDepartment.append(entry)
            }
        }
        summary.firstResponseHours = try hours(Self.firstResponseSQL, from: from, to: to)
        summary.resolutionHours = try hours(Self.resolutionSQL, from: from, to: to)
        let arguments: [SQLiteArgument] = [now.seconds, from.seconds, to.seconds]
        if let row = try first(Self.figuresSQL, arguments: arguments) {
            summary.total = Int(try row.get(0) as Int64)
            summary.overdue = Int(try row.get(1) as Int64)
            summary.followUpRate = try row.get(2)
            summary.satisfactionMean = try row.get(3)
            summary.reopenRate = try row.get(4)
            summary.repeatRate = try row.get(5)
        }
        if let row = try first(Self.onTimeSQL, from.seconds, to.seconds, now.seconds) {
            summary.onTime = try OnTimeRates.read(row, from: 0)
        }
        for row in try query(Self.statusTimeSQL, from.seconds, to.seconds, now.seconds) {
            guard let status: String = try row.get(0) else {
                summary.paused = ComplaintSummary.Paused(
                    complaints: Int(try row.get(2) as Int64), hoursTotal: try row.get(1), hoursMean: try row.get(3))
                continue
            }
            summary.statusHoursMean.append((status, try row.get(1)))
        }
        summary.merged = summary.byStatus.first { $0.key == Status.merged.rawValue }?.count ?? 0
        if let row = try first(Self.incidentFiguresSQL, from.seconds, to.seconds) {
            summary.linkedToIncidents = Int(try row.get(0) as Int64)
            summary.incidentsOpen = Int(try row.get(1) as Int64)
        }
        return summary
    }

    private func hours(_ sql: String, from: Instant, to: Instant) throws -> ComplaintSummary.Hours {
        let row = try first(sql, from.seconds, to.seconds)
        return ComplaintSummary.Hours(median: try row?.get(0), mean: try row?.get(1))
    }

    // Counts per value of each dimension in one pass of statements; ?1 and ?2 bound the period.
    private static let breakdownSQL = """
        SELECT 'status', status, COUNT(*) FROM complaints WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 2
        UNION ALL SELECT 'category', COALESCE(category, 'uncategorized'), COUNT(*) FROM complaints
            WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 2
        UNION ALL SELECT 'channel', channel, COUNT(*) FROM complaints WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 2
        UNION ALL SELECT 'priority', priority, COUNT(*) FROM complaints WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 2
        UNION ALL SELECT 'department', COALESCE(department, 'unassigned'), COUNT(*) FROM complaints
            WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 2
        ORDER BY 1, 2
        """

    // Both read small indexes: `complaints_incident` holds only linked complaints, and
    // `incidents_status` the incidents by status.
    private static let incidentFiguresSQL = """
        SELECT (SELECT COUNT(*) FROM complaints WHERE incident IS NOT NULL AND received_at BETWEEN ?1 AND ?2),
               (SELECT COUNT(*) FROM incidents WHERE status = 'open')
        """

    private static let firstResponseSQL = durationSQL(end: "first_responded_at")
    private static let resolutionSQL = durationSQL(end: "resolved_at")

    // The median and mean hours from receipt to `end` (a column named in code). The median is the
    // middle value, or the mean of the two middle ones: the rows numbered (n+1)/2 and (n+2)/2.
    private static func durationSQL(end: String) -> String {
        """
        WITH d AS (
            SELECT (\(end) - received_at) / 3600.0 AS hours FROM complaints
            WHERE received_at BETWEEN ?1 AND ?2 AND \(end) IS NOT NULL
        ), ranked AS (
            SELECT hours, ROW_NUMBER() OVER (ORDER BY hours) AS i, COUNT(*) OVER () AS n FROM d
        )
        SELECT ROUND((SELECT AVG(hours) FROM ranked WHERE i IN ((n + 1) / 2, (n + 2) / 2)), 2),
               ROUND((SELECT AVG(hours) FROM d), 2)
        """
    }

    // Counts and shares in one scan of the period. A complaint was resolved at least once when it
    // is resolved now or a follow-up was recorded (a follow-up needs a resolution, and a closed
    // complaint, the only kind reopened after a resolution, had one); it was decided at least once
    // when that holds, it is rejected, or it was reopened (from closed or rejected). The last
    // follow-up's satisfaction stays stored after a reopening, for these figures. Overdue is the
    // list filter's `overdue=true`, bound to now: the moment each complaint is breached from.
    private static let figuresSQL = """
        SELECT total, overdue,
               CASE WHEN handled > 0 THEN ROUND(1.0 * followed_up / handled, 4) END,
               ROUND(satisfaction, 2),
               CASE WHEN decided > 0 THEN ROUND(1.0 * reopened / decided, 4) END,
               CASE WHEN total > 0 THEN ROUND(1.0 * repeats / total, 4) END
        FROM (
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(c.sla_breach_at <= ?), 0) AS overdue,
                   SUM(c.resolved_at IS NOT NULL OR c.satisfaction_recorded_at IS NOT NULL) AS handled,
                   SUM(c.satisfaction_recorded_at IS NOT NULL) AS followed_up,
                   SUM(c.resolved_at IS NOT NULL OR c.satisfaction_recorded_at IS NOT NULL
                       OR c.status = 'rejected' OR c.reopen_count > 0) AS decided,
                   AVG(c.satisfaction_score) AS satisfaction,
                   SUM(c.reopen_count > 0) AS reopened,
                   SUM(c.repeat_of IS NOT NULL) AS repeats
            FROM complaints c WHERE c.received_at BETWEEN ? AND ?
        )
        """

    // Each clock's decided and on-time counts (`OnTimeRates`); ?1 and ?2 bound the period, ?3 is now.
    private static let onTimeSQL = """
        SELECT \(OnTimeRates.sql(now: "?3"))
        FROM complaints c WHERE c.received_at BETWEEN ?1 AND ?2
        """

    // Time in each status, from the status changes in the events of the period's complaints, and
    // the time paused: one pass over those events, found through the period's `received_at` index
    // and each complaint's `(complaint_id, seq)` event index, so its cost follows the period, not
    // the history. A status lasts from the change into it (the first from `received_at`) to the
    // next change; the status an open complaint is in now lasts until now (?3), and an ended one
    // is not counted. Per status, the mean over the complaints that were in it of their total
    // time there. The row with a NULL status is the time paused: the `paused_for` the customer's
    // replies recorded (in the time the resolution clock counts), in hours, with how many
    // complaints had one and the mean per such complaint.
    private static let statusTimeSQL = """
        WITH changes AS MATERIALIZED (
            SELECT e.complaint_id AS id, e.to_status AS status, e.type AS type, e.data AS data,
                   CASE WHEN e.from_status IS NULL THEN c.received_at ELSE e.at END AS since,
                   LEAD(e.at) OVER (PARTITION BY e.complaint_id ORDER BY e.seq) AS until
            FROM complaints c JOIN complaint_events e ON e.complaint_id = c.id
            WHERE c.received_at BETWEEN ?1 AND ?2 AND e.to_status IS NOT NULL
              AND (e.from_status IS NULL OR e.from_status <> e.to_status)
        ), stays AS (
            SELECT status, SUM(MAX(0, COALESCE(until, CASE WHEN status IN (\(Status.open.map { "'\($0.rawValue)'" }.joined(separator: ", "))) THEN ?3 END) - since))
                       AS seconds
            FROM changes GROUP BY id, status
        ), pauses AS (
            SELECT id, SUM(json_extract(data, '$.paused_for')) AS seconds
            FROM changes WHERE type = 'complaint.customer_replied' GROUP BY id
        )
        SELECT status, ROUND(AVG(seconds) / 3600.0, 2), COUNT(*), NULL FROM stays
        WHERE seconds IS NOT NULL GROUP BY status
        UNION ALL
        SELECT NULL, ROUND(COALESCE(SUM(seconds), 0) / 3600.0, 2), COUNT(*), ROUND(AVG(seconds) / 3600.0, 2) FROM pauses
        ORDER BY 1
        """
}
