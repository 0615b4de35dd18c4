extension Schema {
    /// Departments and categories can be taken out of use without being deleted: a key stays on
    /// the complaints and in the reports that name it, is never given to anything else, and is
    /// refused only for new assignments.
    static let catalogUpkeep = Migration(
        version: 11, name: "catalog upkeep",
        sql: """
            ALTER TABLE departments ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE categories ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
            """)
}
