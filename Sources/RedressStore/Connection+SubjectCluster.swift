import RedressDomain
import SQLite

extension Connection {
    /// How many open complaints about `subjectRef` (ASCII case ignored) were received at or after
    /// `since`: what the cluster rule counts at intake. One range of the subject index
    /// (`Schema.subjectIndex`), whose rows in the window are all it reads.
    public func openComplaintCount(subjectRef: String, since: Instant) throws -> Int {
        try first(Self.openBySubject, subjectRef, since.seconds) { row in try row.get(0) as Int } ?? 0
    }

    /// The query `openComplaintCount` runs, with the open statuses written into it.
    static let openBySubject = StatementText(
        """
        SELECT count(*) FROM complaints INDEXED BY complaints_subject_ref
        WHERE subject_ref = ?1 COLLATE NOCASE AND received_at >= ?2
          AND status IN (\(Status.open.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
        """)
}
