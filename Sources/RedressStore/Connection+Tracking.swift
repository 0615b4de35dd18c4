import RedressDomain
import SQLite

extension Connection {
    /// What the complainant may see of a complaint's history, oldest first: the events that moved
    /// it into a status (its creation included), the events of type `noteEvent` whose note was
    /// public, with the note's text, those of type `contactEvent` made public, with their
    /// summary, and the complainant's own messages (`messageEvent`), with their text. Everything
    /// else an event records stays internal.
    public func publicTimeline(
        complaintID: Int64, noteEvent: String, contactEvent: String,
        messageEvent: String
    ) throws -> [PublicEvent] {
        try query(
            """
            SELECT type, at, to_status,
                   CASE WHEN type IN (?2, ?4) THEN json_extract(data, '$.body')
                        WHEN type = ?3 THEN json_extract(data, '$.summary') END
            FROM complaint_events
            WHERE complaint_id = ?1 AND to_status IS NOT NULL AND (
                from_status IS NOT to_status
                OR (type IN (?2, ?3, ?4) AND json_extract(data, '$.visibility') = 'public'))
            ORDER BY seq
            """, complaintID, noteEvent, contactEvent, messageEvent
        ).map { row in
            let name: String = try row.get(2)
            guard let status = Status(rawValue: name) else { throw StoreError.corrupt("unknown status '\(name)'") }
            return PublicEvent(
                type: try row.get(0), at: Instant(seconds: try row.get(1)), status: status, note: try row.get(3))
        }
    }
}
