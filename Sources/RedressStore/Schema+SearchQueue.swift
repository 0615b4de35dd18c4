extension Schema {
    /// The text a complaint's search entry is to be replaced with, queued by each write and moved
    /// into `complaint_search` by the writer (`Connection.indexQueuedSearchText`) in a transaction
    /// of its own, whenever it has no write waiting or once `searchIndexingBatch` entries wait.
    ///
    /// FTS5 writes its pending entries out as a new index segment at every commit (and whenever a
    /// savepoint opens or ends), and small segments cost much to write and merge: indexing in the
    /// writes themselves made a segment per complaint and halved intake; indexing once per batch
    /// still made one per handful, and moving the queue a few hundred entries at a time took
    /// intake from about 7,300 to 9,000 complaints a second on the benchmark machine. The queue
    /// is an ordinary table, so a write rolled back takes its entry with it, and searches read it
    /// beside the index (`ComplaintQuery`), so a complaint is found from its commit on.
    static let searchQueue = Migration(
        version: 5, name: "search queue",
        sql: """
            CREATE TABLE complaint_search_queue (
                complaint_id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                complainant TEXT,
                subject TEXT
            );
            """)
}
