import SQLite

extension Connection {
    /// The sequence number of the newest event, 0 when there is none: where a live feed starts.
    public func latestEventSeq() throws -> Int64 {
        try first("SELECT COALESCE(MAX(seq), 0) FROM complaint_events")?.get(0) ?? 0
    }
}
