extension Schema {
    /// Notes on complaints, and the time-limit alerts the sweep has raised.
    static let lifecycle = Migration(
        version: 3, name: "lifecycle",
        sql: """
            -- What agents write on a complaint: internal notes for colleagues, public ones for the customer.
            CREATE TABLE complaint_notes (
                id INTEGER PRIMARY KEY,
                complaint_id INTEGER NOT NULL REFERENCES complaints(id),
                body TEXT NOT NULL,
                visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'public')),
                author TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX complaint_notes_complaint ON complaint_notes (complaint_id, id);

            -- One row per complaint, alert (at_risk, breached) and limit (first_response, resolution,
            -- follow_up) the sweep has recorded an event for: the primary key makes each alert happen once,
            -- across sweeps and restarts. `kind` names the limit, as LIMIT is an SQL keyword.
            CREATE TABLE sla_alerts (
                complaint_id INTEGER NOT NULL REFERENCES complaints(id),
                alert TEXT NOT NULL CHECK (alert IN ('at_risk', 'breached')),
                kind TEXT NOT NULL CHECK (kind IN ('first_response', 'resolution', 'follow_up')),
                at INTEGER NOT NULL,
                PRIMARY KEY (complaint_id, alert, kind)
            ) WITHOUT ROWID;
            """)
}
