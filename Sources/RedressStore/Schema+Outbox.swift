import SQLite

extension Schema {
    /// Webhook subscriptions and the outbox of deliveries (issue 21).
    ///
    /// A delivery is written in the same transaction as the event that causes it (see
    /// `Connection.appendEvent`), so an event never commits without its deliveries nor a delivery
    /// without its event. Its state is `pending` until an attempt delivers it (`delivered`) or it is
    /// given up (`failed`); each attempt is kept in `delivery_attempts`. `retry_from` is when its
    /// retry window began (its creation, or its last redelivery). A webhook's secret is stored
    /// only sealed with the server key, which lives in a file beside the database.
    static let outbox = Migration(
        version: 19, name: "outbox",
        sql: """
            CREATE TABLE webhooks (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL,
                event_types TEXT NOT NULL,
                description TEXT NOT NULL,
                active INTEGER NOT NULL,
                secret BLOB NOT NULL,
                version INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                failing_since INTEGER,
                disabled_reason TEXT,
                disabled_at INTEGER
            );
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                webhook_id INTEGER REFERENCES webhooks(id) ON DELETE CASCADE,
                event_seq INTEGER REFERENCES complaint_events(seq),
                event_type TEXT NOT NULL,
                payload BLOB,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                retry_from INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                last_attempt_at INTEGER,
                last_status_code INTEGER,
                last_error TEXT,
                CHECK (kind <> 'webhook' OR webhook_id IS NOT NULL),
                CHECK (event_seq IS NOT NULL OR payload IS NOT NULL)
            );
            -- The dispatcher's read: each subscription's next due delivery.
            CREATE INDEX deliveries_due ON deliveries (webhook_id, next_attempt_at, id) WHERE state = 'pending';
            -- A subscription's history, and the cascade when it is deleted.
            CREATE INDEX deliveries_webhook ON deliveries (webhook_id, id);
            -- The outbox's list, depth and oldest undelivered.
            CREATE INDEX deliveries_undelivered ON deliveries (state, id) WHERE state <> 'delivered';
            -- Purging old history.
            CREATE INDEX deliveries_created ON deliveries (created_at);
            CREATE TABLE delivery_attempts (
                delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                at INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                status_code INTEGER,
                error TEXT,
                PRIMARY KEY (delivery_id, number)
            ) WITHOUT ROWID;
            """)
}
