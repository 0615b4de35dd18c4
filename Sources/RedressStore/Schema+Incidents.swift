extension Schema {
    /// Incidents, which group complaints with one cause, and on each complaint the incident it is
    /// linked to and the complaint it was merged into. Both columns start NULL, so the upgrade
    /// writes no row. Complaints are found by incident through a partial index that holds only
    /// linked complaints, which also counts them for the summary without reading the others.
    static let incidents = Migration(
        version: 18, name: "incidents",
        sql: """
            CREATE TABLE incidents (
                id INTEGER PRIMARY KEY,
                version INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                public_statement TEXT,
                public_statement_updated_at INTEGER,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                resolved_at INTEGER
            );
            CREATE INDEX incidents_status ON incidents (status, id);
            ALTER TABLE complaints ADD COLUMN incident INTEGER REFERENCES incidents(id);
            ALTER TABLE complaints ADD COLUMN merged_into INTEGER REFERENCES complaints(id);
            CREATE INDEX complaints_incident ON complaints (incident, received_at) WHERE incident IS NOT NULL;
            """)
}
