extension Schema {
    /// When a complaint was last reopened: its resolution clock counts again from then. Complaints
    /// reopened before keep NULL, read as their receipt, which is when their clock started, so the
    /// upgrade writes no row and changes no due date.
    static let reopening = Migration(
        version: 17, name: "reopening",
        sql: """
            ALTER TABLE complaints ADD COLUMN reopened_at INTEGER;
            """)
}
