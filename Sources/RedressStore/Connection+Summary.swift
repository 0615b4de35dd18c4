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
        let arguments: [SQLiteArgument] = Array(repeating: now.seconds, count: 3) + [from.seconds, to.seconds]
        if let row = try first(Self.figuresSQL, arguments: arguments) {
            summary.total = Int(try row.get(0) as Int64)
            summary.overdue = Int(try row.get(1) as Int64)
            summary.onTimeRate = try row.get(2)
            summary.followUpRate = try row.get(3)
            summary.satisfactionMean = try row.get(4)
            summary.reopenRate = try row.get(5)
            summary.repeatRate = try row.get(6)
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
    // is resolved now or was reopened (reopening always follows a resolution); its follow-up is
    // on record once a satisfaction was. The breach rule is the list filter's own, bound to now.
    private static let figuresSQL = """
        SELECT total, overdue,
               CASE WHEN resolved > 0 THEN ROUND(1.0 * on_time / resolved, 4) END,
               CASE WHEN handled > 0 THEN ROUND(1.0 * followed_up / handled, 4) END,
               ROUND(satisfaction, 2),
               CASE WHEN handled > 0 THEN ROUND(1.0 * reopened / handled, 4) END,
               CASE WHEN total > 0 THEN ROUND(1.0 * repeats / total, 4) END
        FROM (
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(\(ComplaintQuery.breached)), 0) AS overdue,
                   SUM(c.resolved_at IS NOT NULL) AS resolved,
                   SUM(c.resolved_at <= c.resolution_due_at) AS on_time,
                   SUM(c.resolved_at IS NOT NULL OR c.reopen_count > 0) AS handled,
                   SUM((c.resolved_at IS NOT NULL OR c.reopen_count > 0) AND c.satisfaction_recorded_at IS NOT NULL)
                       AS followed_up,
                   AVG(c.satisfaction_score) AS satisfaction,
                   SUM(c.reopen_count > 0) AS reopened,
                   SUM(c.repeat_of IS NOT NULL) AS repeats
            FROM complaints c WHERE c.received_at BETWEEN ? AND ?
        )
        """
}
