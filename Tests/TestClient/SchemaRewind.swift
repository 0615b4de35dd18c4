/// How a test takes a database back to an earlier schema version, as one written by an older
/// release would be, so that it can check what upgrading does: each version's undo, in one place,
/// and a migration that adds a column or an index adds its line here.
public enum SchemaRewind {
    /// The complaint columns schema 14 (time-limit policies) added.
    public static let timeLimitColumns = [
        "region", "investigation_report", "investigation_report_due_at", "investigation_reported_at", "sla_policy",
        "first_contact_policy", "first_contact_target", "first_contact_calendar",
        "investigation_report_policy", "investigation_report_target", "investigation_report_calendar",
        "resolution_policy", "resolution_target", "resolution_calendar",
        "follow_up_policy", "follow_up_target", "follow_up_calendar", "awaiting_since", "awaiting_from",
        "resolution_paused_for",
    ]

    /// The complaint columns schema 16 (department clocks and alerts) added.
    public static let departmentClockColumns = [
        "first_contact_at_risk_at", "investigation_report_at_risk_at", "resolution_at_risk_at", "follow_up_at_risk_at",
        "department_since", "department_due_at", "department_policy", "department_target", "department_calendar",
        "department_at_risk_at", "department_paused_for", "sla_breach_at", "sla_at_risk_at",
    ]

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
        14: timeLimitColumns.map { "ALTER TABLE complaints DROP COLUMN \($0);" }.joined(separator: "\n"),
        15: "DROP INDEX complaints_responsible; ALTER TABLE complaints DROP COLUMN responsible;",
        16: """
        DROP INDEX complaints_sla_breach;
        DROP INDEX complaints_sla_at_risk;
        """ + departmentClockColumns.map { "ALTER TABLE complaints DROP COLUMN \($0);" }.joined(separator: "\n") + """

            CREATE TABLE sla_alerts_15 (
                complaint_id INTEGER NOT NULL REFERENCES complaints(id),
                alert TEXT NOT NULL CHECK (alert IN ('at_risk', 'breached')),
                kind TEXT NOT NULL CHECK (kind IN ('first_response', 'resolution', 'follow_up')),
                at INTEGER NOT NULL,
                PRIMARY KEY (complaint_id, alert, kind)
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO sla_alerts_15 SELECT complaint_id, alert, kind, at FROM sla_alerts
                WHERE alert IN ('at_risk', 'breached') AND kind IN ('first_response', 'resolution', 'follow_up');
            DROP TABLE sla_alerts;
            ALTER TABLE sla_alerts_15 RENAME TO sla_alerts;
            """,
        18: """
        DROP INDEX complaints_incident; ALTER TABLE complaints DROP COLUMN incident;
        ALTER TABLE complaints DROP COLUMN merged_into; DROP TABLE incidents;
        """,
        17: "ALTER TABLE complaints DROP COLUMN reopened_at;",
        19: "DROP TABLE delivery_attempts; DROP TABLE deliveries; DROP TABLE webhooks;",
        20: """
        DROP INDEX complaints_assignee_user; ALTER TABLE complaints DROP COLUMN assignee_user;
        DROP INDEX api_keys_user; ALTER TABLE api_keys DROP COLUMN user_id; DROP TABLE sessions; DROP TABLE users;
        """,
    ]

    /// The script that takes a database at schema `current` back to `version`: the undos from the
    /// newest down, then the version recorded as `version`.
    public static func script(from current: Int, to version: Int) -> String {
        stride(from: current, to: version, by: -1).compactMap { undo[$0] }.joined(separator: "\n")
            + "\nDELETE FROM schema_migrations WHERE version > \(version);\nPRAGMA user_version = \(version);"
    }
}
