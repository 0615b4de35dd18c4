/// How a test takes a database back to an earlier schema version, as one written by an older
/// release would be, so that it can check what upgrading does: each version's undo, in one place,
/// and a migration that adds a column or an index adds its line here.
public enum SchemaRewind {
    /// SQL undoing each version's changes to the schema; a version that changed only data has none.
    public static let undo: [Int: String] = [
        7: "DROP INDEX complaints_sla_check; ALTER TABLE complaints DROP COLUMN sla_check_at;",
        8: "ALTER TABLE idempotent_responses DROP COLUMN sealed;",
        10: "DROP INDEX complaints_subject_ref;",
        11: "ALTER TABLE departments DROP COLUMN active; ALTER TABLE categories DROP COLUMN active;",
        13: """
            ALTER TABLE complaints DROP COLUMN proposal_answer_accepted;
            ALTER TABLE complaints DROP COLUMN proposal_answer_comment;
            ALTER TABLE complaints DROP COLUMN proposal_answer_via;
            ALTER TABLE complaints DROP COLUMN proposal_answer_at;
            """,
    ]

    /// The script that takes a database at schema `current` back to `version`: the undos from the
    /// newest down, then the version recorded as `version`.
    public static func script(from current: Int, to version: Int) -> String {
        stride(from: current, to: version, by: -1).compactMap { undo[$0] }.joined(separator: "\n")
            + "\nDELETE FROM schema_migrations WHERE version > \(version);\nPRAGMA user_version = \(version);"
    }
}
