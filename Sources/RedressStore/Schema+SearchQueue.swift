extension Schema {
    /// The text a complaint's search entry is to be replaced with, queued by each write and moved
    /// into `complaint_search` once per batch by the writer (`Connection.indexQueuedSearchText`).
    ///
    /// FTS5 writes its pending entries out as a new index segment whenever a savepoint opens or
    /// ends, and the writer then ran every write of a batch in a savepoint of its own (it still
    /// does after a failure); indexing in the writes themselves made one small segment per
    /// complaint, and merging them roughly halved intake. The queue is an ordinary table, so a
    /// write rolled back takes its entry with it, and it is empty again at every commit, so
    /// readers never see it filled.
    static let searchQueue = Migration(version: 5, name: "search queue", sql: """
        CREATE TABLE complaint_search_queue (
            complaint_id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            complainant TEXT,
            subject TEXT
        );
        """)
}
