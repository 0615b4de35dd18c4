import SQLite

extension Schema {
    /// Responses kept for `Idempotency-Key` replay are stored sealed (`sealed = 1`): their bodies
    /// can carry a new API key or a new complaint's tracking code, which must not sit in the
    /// database or its backups in plaintext. Responses kept before this version cannot be sealed
    /// (the key that would seal them is not stored), so their bodies are erased and a retry of
    /// one is refused rather than done twice; `secure_delete` overwrites the erased bytes in the
    /// database's pages instead of leaving them in free space (https://sqlite.org/pragma.html#pragma_secure_delete).
    static let sealedResponses = Migration(version: 8, name: "sealed responses") { connection in
        try connection.execute("PRAGMA secure_delete = ON")
        defer { try? connection.execute("PRAGMA secure_delete = OFF") }
        try connection.execute(
            """
            ALTER TABLE idempotent_responses ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
            UPDATE idempotent_responses SET body = X'';
            """)
    }
}
