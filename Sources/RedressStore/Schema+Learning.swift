extension Schema {
    /// Response templates, with a default for every stage in Chinese and English, and corrective
    /// and preventive actions (DOMAIN.md step 10).
    static let learning = Migration(version: 4, name: "learning") { connection in
        try connection.execute(
            """
            CREATE TABLE response_templates (
                key TEXT PRIMARY KEY NOT NULL,
                stage TEXT NOT NULL
                    CHECK (stage IN ('acknowledgement', 'apology', 'proposal', 'rejection', 'follow_up', 'other')),
                locale TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE corrective_actions (
                id INTEGER PRIMARY KEY,
                complaint_id INTEGER NOT NULL REFERENCES complaints(id),
                description TEXT NOT NULL,
                owner TEXT NOT NULL,
                due_at INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'done', 'verified')),
                note TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            -- Lists run soonest due first, filtered by status or by complaint.
            CREATE INDEX corrective_actions_due ON corrective_actions (due_at, id);
            CREATE INDEX corrective_actions_status_due ON corrective_actions (status, due_at, id);
            CREATE INDEX corrective_actions_complaint ON corrective_actions (complaint_id, due_at, id);
            """)
        // Bound rather than spliced into the script: the texts are full of quotes and braces.
        for template in defaultTemplates {
            try connection.run(
                """
                INSERT INTO response_templates (key, stage, locale, body, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER))
                """, "\(template.stage)-\(template.locale)", template.stage, template.locale, template.body)
        }
    }
}
