extension Schema {
    /// The person answerable for a complaint: its first receiver until a supervisor hands it over.
    /// Complaints registered before keep NULL, read as their receiver, so the upgrade writes no
    /// row; the index is on that same reading, which the `responsible` list filter names.
    static let responsible = Migration(
        version: 15, name: "responsible",
        sql: """
            ALTER TABLE complaints ADD COLUMN responsible TEXT;
            CREATE INDEX complaints_responsible ON complaints (COALESCE(responsible, received_by), received_at);
            """)
}
