import RedressDomain
import RedressStore

/// The outbox's part of `/metrics`: attempts and finished deliveries by kind and outcome (since
/// the process started), and, read at scrape time, how many deliveries are pending and how old the
/// oldest of them is.
enum OutboxMetrics {
    static func render(from database: Database, dispatcher: OutboxDispatcher, now: Instant) throws -> String {
        let (pending, oldest) = try database.read { try $0.outboxDepth() }
        let counts = dispatcher.counts
        var text = "# HELP redress_outbox_attempts_total Delivery attempts made, by kind and outcome.\n"
        text += "# TYPE redress_outbox_attempts_total counter\n"
        for outcome in ["delivered", "failed", "gone"] {
            text +=
                "redress_outbox_attempts_total{kind=\"webhook\",outcome=\"\(outcome)\"} \(counts.attempts[outcome] ?? 0)\n"
        }
        text += "# HELP redress_outbox_deliveries_total Deliveries finished, by kind and outcome.\n"
        text += "# TYPE redress_outbox_deliveries_total counter\n"
        for outcome in ["delivered", "failed"] {
            text +=
                "redress_outbox_deliveries_total{kind=\"webhook\",outcome=\"\(outcome)\"} \(counts.finished[outcome] ?? 0)\n"
        }
        text += "# HELP redress_outbox_pending Deliveries not yet delivered and still tried.\n"
        text += "# TYPE redress_outbox_pending gauge\nredress_outbox_pending \(pending)\n"
        text += "# HELP redress_outbox_oldest_pending_seconds Age of the oldest pending delivery (0 when none).\n"
        text += "# TYPE redress_outbox_oldest_pending_seconds gauge\n"
        text += "redress_outbox_oldest_pending_seconds \(oldest.map { max(0, now.seconds - $0.seconds) } ?? 0)\n"
        return text
    }
}
