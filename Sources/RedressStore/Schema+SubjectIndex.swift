extension Schema {
    /// The `subject_ref` list filter finds every complaint about one product, order or store
    /// without regard to ASCII case, newest first, through this index rather than a scan of the
    /// archive. Partial, so that complaints without a reference cost nothing to insert.
    static let subjectIndex = Migration(
        version: 10, name: "subject index",
        sql: """
            CREATE INDEX complaints_subject_ref ON complaints (subject_ref COLLATE NOCASE, received_at)
                WHERE subject_ref IS NOT NULL;
            """)
}
