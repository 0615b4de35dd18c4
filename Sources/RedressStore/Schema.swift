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
        // Versions 16 to 18 belong to changes made beside this one; empty until they are merged.
        Migration(version: 16, name: "reserved", sql: ""),
        Migration(version: 17, name: "reserved", sql: ""),
        Migration(version: 18, name: "reserved", sql: ""),
        outbox,
    ]
}
