import RedressDomain
import RedressStore

/// The complaint gauges of `/metrics`, read from the database at scrape time (two indexed queries
/// over open complaints), in the Prometheus text format.
enum ComplaintGauges {
    /// `redress_complaints_open{status,priority}` for every open status and priority, zeros
    /// included so that every series exists from the start, and `redress_complaints_overdue`.
    static func render(from database: Database, now: Instant) throws -> String {
        let (counts, overdue) = try database.read { connection in
            (try connection.openComplaintCounts(), try connection.overdueOpenComplaintCount(now: now))
        }
        var text = "# HELP redress_complaints_open Open complaints, by status and priority.\n"
        text += "# TYPE redress_complaints_open gauge\n"
        for status in Status.open {
            for priority in Priority.allCases {
                let count = counts.first { $0.status == status && $0.priority == priority }?.count ?? 0
                text +=
                    "redress_complaints_open{status=\"\(status.rawValue)\",priority=\"\(priority.rawValue)\"} \(count)\n"
            }
        }
        text += "# HELP redress_complaints_overdue Open complaints with a time limit missed now.\n"
        text += "# TYPE redress_complaints_overdue gauge\nredress_complaints_overdue \(overdue)\n"
        return text
    }
}
