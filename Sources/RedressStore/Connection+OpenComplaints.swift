import RedressDomain
import SQLite

extension Connection {
    /// How many complaints are open now, by status and priority; pairs without any are left out.
    public func openComplaintCounts() throws -> [(status: Status, priority: Priority, count: Int)] {
        try query(Self.openCountsSQL).map { row in
            guard let status = Status(rawValue: try row.get(0)), let priority = Priority(rawValue: try row.get(1))
            else {
                throw StoreError.corrupt("unknown status or priority in an open complaint")
            }
            return (status, priority, Int(try row.get(2) as Int64))
        }
    }

    /// How many open complaints have a time limit missed at `now`, by the list's `overdue` rule.
    public func overdueOpenComplaintCount(now: Instant) throws -> Int {
        Int(try first(Self.overdueSQL, now.seconds)?.get(0) as Int64? ?? 0)
    }

    // Both read only open complaints through an index (on status; on the moment each is breached
    // from), so a scrape costs the size of the open workload, not of the whole history.
    private static let openStatuses = Status.open.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    private static let openCountsSQL = """
        SELECT status, priority, COUNT(*) FROM complaints WHERE status IN (\(openStatuses))
        GROUP BY status, priority
        """
    private static let overdueSQL = """
        SELECT COUNT(*) FROM complaints c WHERE c.sla_breach_at <= ? AND c.status IN (\(openStatuses))
        """
}
