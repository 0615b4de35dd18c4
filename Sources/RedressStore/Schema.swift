/// The service's migrations; later versions are appended, never edited once released.
public enum Schema {
    /// Every migration, in version order.
    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "settings",
            sql: """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """),
        complaints,
        lifecycle,
        learning,
        searchQueue,
        repeatLookup,
        slaCheck,
        sealedResponses,
        contactKeys,
        subjectIndex,
        catalogUpkeep,
        revisedTemplates,
        proposalAnswers,
        timeLimitPolicies,
        responsible,
        departmentClocks,
        reopening,
        incidents,
        outbox,
        staffAccounts,
    ]
}
