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
        // Version 16 belongs to a change merged separately; until it is here, this one holds its place.
        Migration(version: 16, name: "reserved", sql: ""),
        reopening,
        incidents,
        // Version 19 belongs to a change merged separately; until it is here, this one holds its place.
        Migration(version: 19, name: "reserved", sql: ""),
        staffAccounts,
    ]
}
