import RedressDomain
import SQLite

extension Connection {
    /// Stores a note on a complaint and returns it with its id.
    public func insertNote(
        complaintID: Int64, body: String, visibility: NoteRecord.Visibility, author: String,
        at: Instant
    ) throws -> NoteRecord {
        try run(
            """
            INSERT INTO complaint_notes (complaint_id, body, visibility, author, created_at) VALUES (?, ?, ?, ?, ?)
            """, complaintID, body, visibility.rawValue, author, at.seconds)
        return NoteRecord(
            id: lastInsertRowID, complaintID: complaintID, body: body, visibility: visibility, author: author,
            createdAt: at)
    }

    /// A complaint's notes after the one numbered `after`, oldest first, at most `limit` (-1: all);
    /// only those of one `visibility` when it is given.
    public func notes(
        complaintID: Int64, after: Int64 = 0, limit: Int = -1,
        visibility only: NoteRecord.Visibility? = nil
    ) throws -> [NoteRecord] {
        try query(
            """
            SELECT id, body, visibility, author, created_at FROM complaint_notes
            WHERE complaint_id = ? AND id > ? AND (?3 IS NULL OR visibility = ?3)
            ORDER BY id LIMIT ?4
            """, complaintID, after, only?.rawValue, limit
        ).map { row in
            let name: String = try row.get(2)
            guard let visibility = NoteRecord.Visibility(rawValue: name) else {
                throw StoreError.corrupt("unknown note visibility '\(name)'")
            }
            return NoteRecord(
                id: try row.get(0), complaintID: complaintID, body: try row.get(1), visibility: visibility,
                author: try row.get(3), createdAt: Instant(seconds: try row.get(4)))
        }
    }
}
