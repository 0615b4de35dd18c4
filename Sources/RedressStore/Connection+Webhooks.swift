import RedressDomain
import SQLite

extension Connection {
    private static let webhookColumns = """
        id, url, event_types, description, active, secret, version, created_at, updated_at, failing_since,
        disabled_reason, disabled_at
        """

    /// Stores a new subscription at version 1.
    public func insertWebhook(
        url: String, eventTypes: [String], description: String, active: Bool, sealedSecret: [UInt8], at now: Instant
    ) throws -> Webhook {
        try run(
            """
            INSERT INTO webhooks (url, event_types, description, active, secret, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            """, url, eventTypes.joined(separator: "\n"), description, active, sealedSecret, now.seconds, now.seconds)
        subscriptionsChanged()
        return Webhook(
            id: lastInsertRowID, url: url, eventTypes: eventTypes, description: description, active: active,
            sealedSecret: sealedSecret, version: 1, createdAt: now, updatedAt: now)
    }

    /// The subscription numbered `id`.
    public func webhook(id: Int64) throws -> Webhook? {
        try first("SELECT \(Self.webhookColumns) FROM webhooks WHERE id = ?", id).map(Webhook.init(row:))
    }

    /// Every subscription, oldest first.
    public func webhooks() throws -> [Webhook] {
        try query("SELECT \(Self.webhookColumns) FROM webhooks ORDER BY id").map(Webhook.init(row:))
    }

    /// How many subscriptions exist.
    public func webhookCount() throws -> Int {
        try first("SELECT count(*) FROM webhooks")?.get(0) ?? 0
    }

    /// Stores `webhook` as it now stands, one version on; returns it so. A subscription that is
    /// not active any more gives up its pending deliveries.
    public func updateWebhook(_ webhook: Webhook, at now: Instant) throws -> Webhook {
        var changed = webhook
        changed.version += 1
        changed.updatedAt = now
        try run(
            """
            UPDATE webhooks SET url = ?, event_types = ?, description = ?, active = ?, version = ?, updated_at = ?,
                failing_since = ?, disabled_reason = ?, disabled_at = ?
            WHERE id = ?
            """, changed.url, changed.eventTypes.joined(separator: "\n"), changed.description, changed.active,
            changed.version, now.seconds, changed.failingSince?.seconds, changed.disabledReason,
            changed.disabledAt?.seconds, changed.id)
        if !changed.active {
            try run(
                """
                UPDATE deliveries SET state = 'failed', last_error = 'the subscription was disabled'
                WHERE webhook_id = ? AND state = 'pending'
                """, changed.id)
        }
        subscriptionsChanged()
        return changed
    }

    /// Deletes the subscription numbered `id` with its deliveries and their attempts; whether it existed.
    public func deleteWebhook(id: Int64) throws -> Bool {
        try run("DELETE FROM webhooks WHERE id = ?", id)
        let deleted = changes > 0
        subscriptionsChanged()
        return deleted
    }

    /// Records that the subscription's receiver failed at `now`, keeping the start of its failing spell.
    public func noteWebhookFailing(id: Int64, at now: Instant) throws {
        try run("UPDATE webhooks SET failing_since = ? WHERE id = ? AND failing_since IS NULL", now.seconds, id)
    }

    /// Records that the subscription's receiver acknowledged a delivery: it is failing no more.
    public func noteWebhookSucceeded(id: Int64) throws {
        try run("UPDATE webhooks SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL", id)
    }
}

extension Webhook {
    init(row: Row) throws {
        let types: String = try row.get(2)
        self.init(
            id: try row.get(0), url: try row.get(1),
            eventTypes: types.split(separator: "\n").map(String.init), description: try row.get(3),
            active: try row.get(4), sealedSecret: try row.get(5), version: try row.get(6),
            createdAt: Instant(seconds: try row.get(7)), updatedAt: Instant(seconds: try row.get(8)),
            failingSince: (try row.get(9) as Int64?).map(Instant.init(seconds:)),
            disabledReason: try row.get(10),
            disabledAt: (try row.get(11) as Int64?).map(Instant.init(seconds:)))
    }
}
