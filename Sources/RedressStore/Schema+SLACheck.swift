extension Schema {
    /// When the sweep is next to look at a complaint: set to its `updated_at` by every write of an
    /// open complaint (a change may bring an alert due), and by the sweep to the next moment its
    /// time limits change standing (`SLA.nextChange`), or NULL when none is coming. The sweep then
    /// reads only the complaints whose moment has come, through the index, where it used to test
    /// every open complaint each minute. Open complaints start due, so the first sweep after this
    /// migration looks at each once.
    static let slaCheck = Migration(
        version: 7, name: "sla check",
        sql: """
            ALTER TABLE complaints ADD COLUMN sla_check_at INTEGER;
            UPDATE complaints SET sla_check_at = updated_at
                WHERE status IN ('received', 'accepted', 'assigned', 'investigating', 'proposed', 'approved', 'resolved');
            CREATE INDEX complaints_sla_check ON complaints (sla_check_at) WHERE sla_check_at IS NOT NULL;
            """)
}
