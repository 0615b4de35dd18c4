import RedressDomain
import SQLite

/// The active subscriptions and the patterns they receive, kept with the writer's connection so
/// that appending an event costs no query for them: read once, dropped by every change to a
/// subscription (`subscriptionsChanged`) and by every rollback (`Connection.forgetAttachments`),
/// which may have undone what was read.
final class ActiveSubscriptions {
    let subscriptions: [(id: Int64, patterns: [EventTypePattern])]

    init(_ subscriptions: [(id: Int64, patterns: [EventTypePattern])]) {
        self.subscriptions = subscriptions
    }

    /// The subscriptions an event of `type` goes to.
    func receiving(_ type: String) -> [Int64] {
        subscriptions.compactMap { subscription in
            subscription.patterns.contains { $0.matches(type) } ? subscription.id : nil
        }
    }
}

/// How many deliveries writes on this connection have queued since the count was last taken.
final class QueuedDeliveries {
    var count = 0
}

extension Connection {
    private static let deliveryColumns = """
        id, kind, webhook_id, event_seq, event_type, state, attempts, created_at, retry_from, next_attempt_at,
        last_attempt_at, last_status_code, last_error
        """

    /// Forgets the active subscriptions read before: a write has changed one.
    func subscriptionsChanged() {
        detach(ActiveSubscriptions.self)
    }

    private func activeSubscriptions() throws -> ActiveSubscriptions {
        if let cached = attachment(ActiveSubscriptions.self) { return cached }
        let loaded = ActiveSubscriptions(
            try query("SELECT id, event_types FROM webhooks WHERE active = 1 ORDER BY id").map { row in
                let types: String = try row.get(1)
                return (try row.get(0), types.split(separator: "\n").compactMap { EventTypePattern(String($0)) })
            })
        attach(loaded)
        return loaded
    }

    /// Inside the write that appended the event `seq` of `type` at `now`: one pending delivery for
    /// each active subscription that receives it.
    func queueDeliveries(forEvent seq: Int64, type: String, at now: Instant) throws {
        for webhook in try activeSubscriptions().receiving(type) {
            try insertDelivery(webhookID: webhook, eventSeq: seq, type: type, payload: nil, at: now)
        }
    }

    /// Inside a write: one pending delivery of `payload` (an event that is no complaint's, such as
    /// `webhook.disabled`) for each active subscription that receives `type`, but `excluding`.
    public func queueDeliveries(ofType type: String, payload: [UInt8], at now: Instant, excluding: Int64? = nil) throws
    {
        for webhook in try activeSubscriptions().receiving(type) where webhook != excluding {
            try insertDelivery(webhookID: webhook, eventSeq: nil, type: type, payload: payload, at: now)
        }
    }

    /// Inside a write: a pending delivery of `payload` to one subscription (a `ping`), due now.
    public func queueDelivery(webhookID: Int64, type: String, payload: [UInt8], at now: Instant) throws -> Delivery {
        try insertDelivery(webhookID: webhookID, eventSeq: nil, type: type, payload: payload, at: now)
        return try delivery(id: lastInsertRowID)!
    }

    private func insertDelivery(
        webhookID: Int64, eventSeq: Int64?, type: String, payload: [UInt8]?, at now: Instant
    )
        throws
    {
        try run(
            """
            INSERT INTO deliveries (kind, webhook_id, event_seq, event_type, payload, state, created_at, retry_from, next_attempt_at)
            VALUES ('webhook', ?, ?, ?, ?, 'pending', ?, ?, ?)
            """, webhookID, eventSeq, type, payload, now.seconds, now.seconds, now.seconds)
        let queued = attachment(QueuedDeliveries.self) ?? QueuedDeliveries()
        queued.count += 1
        attach(queued)
    }

    /// How many deliveries writes on this connection queued since the last call; on the writer's
    /// connection, inside the write, so that the caller can wake the dispatcher after the commit.
    public func takeQueuedDeliveryCount() -> Int {
        guard let queued = attachment(QueuedDeliveries.self) else { return 0 }
        defer { queued.count = 0 }
        return queued.count
    }

    /// The delivery numbered `id`.
    public func delivery(id: Int64) throws -> Delivery? {
        try first("SELECT \(Self.deliveryColumns) FROM deliveries WHERE id = ?", id).map(Delivery.init(row:))
    }

    /// Each active subscription's next due delivery (the earliest due, the lowest id among
    /// equals), but for the subscriptions in `busy`, earliest first, at most `limit`, with what
    /// sending each needs.
    public func dueDeliveries(at now: Instant, excluding busy: Set<Int64>, limit: Int) throws -> [DueDelivery] {
        guard limit > 0 else { return [] }
        var due: [DueDelivery] = []
        for hook in try query("SELECT id, url, secret FROM webhooks WHERE active = 1 ORDER BY id") {
            let id: Int64 = try hook.get(0)
            guard !busy.contains(id),
                let row = try first(
                    """
                    SELECT \(Self.deliveryColumns), payload FROM deliveries
                    WHERE webhook_id = ? AND state = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT 1
                    """, id, now.seconds)
            else { continue }
            let delivery = try Delivery(row: row)
            due.append(
                DueDelivery(
                    delivery: delivery, url: try hook.get(1), sealedSecret: try hook.get(2),
                    event: try delivery.eventSeq.flatMap { try event(seq: $0) }, payload: try row.get(13)))
        }
        return Array(
            due.sorted {
                ($0.delivery.nextAttemptAt, $0.delivery.id) < ($1.delivery.nextAttemptAt, $1.delivery.id)
            }.prefix(limit))
    }

    /// Inside a write: records attempt `attempt` at the delivery `id` and what it leads to: the
    /// delivery's new state, and while pending, when it is next due.
    public func recordAttempt(
        _ attempt: DeliveryAttempt, deliveryID id: Int64, state: Delivery.State, nextAttemptAt: Instant?
    ) throws {
        try run(
            """
            INSERT INTO delivery_attempts (delivery_id, number, at, duration_ms, outcome, status_code, error)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, id, attempt.number, attempt.at.seconds, attempt.durationMilliseconds, attempt.outcome,
            attempt.statusCode, attempt.error)
        try run(
            """
            UPDATE deliveries SET state = ?, attempts = ?, last_attempt_at = ?, last_status_code = ?, last_error = ?,
                next_attempt_at = coalesce(?, next_attempt_at)
            WHERE id = ?
            """, state.rawValue, attempt.number, attempt.at.seconds, attempt.statusCode, attempt.error,
            nextAttemptAt?.seconds, id)
    }

    /// Inside a write: makes the delivery pending again, due at `now`, with a new retry window;
    /// its id and its attempts so far stay.
    public func redeliver(id: Int64, at now: Instant) throws -> Delivery? {
        try run(
            "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, retry_from = ? WHERE id = ?",
            now.seconds, now.seconds, id)
        return try delivery(id: id)
    }

    /// A subscription's deliveries, newest first, those with an id below `before` when given, at most `limit`.
    public func deliveries(webhookID: Int64, before: Int64?, limit: Int) throws -> [Delivery] {
        try query(
            """
            SELECT \(Self.deliveryColumns) FROM deliveries WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?
            """, webhookID, before ?? Int64.max, limit
        ).map(Delivery.init(row:))
    }

    /// The deliveries not delivered, in `states` (pending, failed), oldest first, those with an id
    /// above `after`, at most `limit`.
    public func undeliveredDeliveries(states: [Delivery.State], after: Int64, limit: Int) throws -> [Delivery] {
        let wanted = states.isEmpty ? [.pending, .failed] : states
        return try query(
            """
            SELECT \(Self.deliveryColumns) FROM deliveries
            WHERE state <> 'delivered' AND state IN (?, ?) AND id > ? ORDER BY id LIMIT ?
            """, wanted[0].rawValue, wanted.last!.rawValue, after, limit
        ).map(Delivery.init(row:))
    }

    /// Every attempt at the deliveries `ids`, by delivery, in order.
    public func attempts(deliveryIDs ids: [Int64]) throws -> [Int64: [DeliveryAttempt]] {
        var attempts: [Int64: [DeliveryAttempt]] = [:]
        for id in ids {
            attempts[id] = try query(
                """
                SELECT number, at, duration_ms, outcome, status_code, error FROM delivery_attempts
                WHERE delivery_id = ? ORDER BY number
                """, id
            ).map { row in
                DeliveryAttempt(
                    number: try row.get(0), at: Instant(seconds: try row.get(1)), durationMilliseconds: try row.get(2),
                    outcome: try row.get(3), statusCode: try row.get(4), error: try row.get(5))
            }
        }
        return attempts
    }

    /// How many deliveries are pending, and when the oldest of them was created.
    public func outboxDepth() throws -> (pending: Int, oldestCreatedAt: Instant?) {
        let pending: Int = try first("SELECT count(*) FROM deliveries WHERE state = 'pending'")?.get(0) ?? 0
        let oldest: Int64? = try first(
            "SELECT created_at FROM deliveries WHERE state = 'pending' ORDER BY id LIMIT 1")?.get(0)
        return (pending, oldest.map(Instant.init(seconds:)))
    }

    /// Inside a write: deletes at most `limit` deliveries no longer pending that were created
    /// before `cutoff`, with their attempts; returns how many.
    public func purgeDeliveries(createdBefore cutoff: Instant, limit: Int) throws -> Int {
        try run(
            """
            DELETE FROM deliveries WHERE id IN (
                SELECT id FROM deliveries WHERE created_at < ? AND state <> 'pending' LIMIT ?)
            """, cutoff.seconds, limit)
        return changes
    }

    private func event(seq: Int64) throws -> EventRecord? {
        try first(
            """
            SELECT e.seq, e.complaint_id, c.number, e.type, e.at, e.actor, e.from_status, e.to_status, e.data
            FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE e.seq = ?
            """, seq
        ).map(EventRecord.init(row:))
    }
}

extension Delivery {
    init(row: Row) throws {
        let stateName: String = try row.get(5)
        guard let state = State(rawValue: stateName) else {
            throw StoreError.corrupt("unknown delivery state '\(stateName)'")
        }
        self.init(
            id: try row.get(0), kind: try row.get(1), webhookID: try row.get(2), eventSeq: try row.get(3),
            eventType: try row.get(4), state: state, attempts: try row.get(6),
            createdAt: Instant(seconds: try row.get(7)), retryFrom: Instant(seconds: try row.get(8)),
            nextAttemptAt: Instant(seconds: try row.get(9)),
            lastAttemptAt: (try row.get(10) as Int64?).map(Instant.init(seconds:)),
            lastStatusCode: try row.get(11), lastError: try row.get(12))
    }
}
