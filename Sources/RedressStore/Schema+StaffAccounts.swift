extension Schema {
    /// Staff accounts and their sessions. A user's e-mail is unique without regard to case
    /// (`email_key`, lower-cased); the password is kept only as its PBKDF2 hash with its
    /// parameters, and a session only as the SHA-256 digest of its token.
    ///
    /// Each user also has a row in `api_keys` (`user_id` set, a lookup no key can have and an empty
    /// digest no key matches), which is never a usable key: the complaints a user registers and the
    /// responses kept for their `Idempotency-Key` retries refer to it, as a key's do. The key list
    /// and revoking leave these rows alone.
    ///
    /// A complaint assigned to a user names them in `assignee_user`; `assignee` keeps the text shown
    /// (their display name), and free-text assignees from before stay as they were.
    static let staffAccounts = Migration(
        version: 20, name: "staff accounts",
        sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                version INTEGER NOT NULL,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
                department TEXT REFERENCES departments(key),
                password_hash TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                password_changed_at INTEGER NOT NULL
            );
            CREATE TABLE sessions (
                digest BLOB PRIMARY KEY NOT NULL,
                user_id INTEGER NOT NULL REFERENCES users(id),
                created_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX sessions_user ON sessions (user_id);
            ALTER TABLE api_keys ADD COLUMN user_id INTEGER REFERENCES users(id);
            CREATE UNIQUE INDEX api_keys_user ON api_keys (user_id) WHERE user_id IS NOT NULL;
            ALTER TABLE complaints ADD COLUMN assignee_user INTEGER REFERENCES users(id);
            CREATE INDEX complaints_assignee_user ON complaints (assignee_user, received_at) WHERE assignee_user IS NOT NULL;
            """)
}
