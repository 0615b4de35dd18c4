import JSON
import RedressDomain
import RedressStore
import SQLite

/// A subscription just created: its record, and its signing secret, shown only now.
public struct CreatedWebhook: Sendable {
    public let webhook: Webhook
    public let secret: String
}

/// What a subscription may be given or changed to; nil members stay as they are.
public struct WebhookChange: Sendable {
    public var url: String?
    public var eventTypes: [String]?
    public var description: String?
    public var active: Bool?

    /// A change of the given members.
    public init(url: String? = nil, eventTypes: [String]? = nil, description: String? = nil, active: Bool? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.active = active
    }
}

extension Casework {
    /// The most subscriptions kept: each event is copied to every one that receives it, in the
    /// write that records the event.
    public static let maximumWebhooks = 100

    /// Creates a subscription; its secret is generated, returned once, and stored sealed.
    public func createWebhook(
        url: String, eventTypes: [String], description: String, active: Bool, by caller: Caller, now: Instant,
        claim: IdempotencyClaim? = nil, reply: @escaping @Sendable (CreatedWebhook) -> Reply
    ) throws -> Answer<CreatedWebhook> {
        let secret = WebhookSecret.generate()
        let sealed = WebhookSecret.seal(secret, serverKey: try database.serverKey.bytes())
        return try write(claim, by: caller, now: now, reply: reply) { connection in
            guard try connection.webhookCount() < Self.maximumWebhooks else {
                throw Refusal(
                    .conflict, slug: "too-many-webhooks", title: "Too Many Webhooks",
                    detail: "At most \(Self.maximumWebhooks) webhooks may exist; delete one first.")
            }
            let webhook = try connection.insertWebhook(
                url: url, eventTypes: eventTypes, description: description, active: active, sealedSecret: sealed,
                at: now)
            return CreatedWebhook(webhook: webhook, secret: secret)
        }
    }

    /// Changes the subscription numbered `id`, once `precondition` (the `If-Match` check) accepts
    /// it as stored. Activating it again clears why it was disabled and its failing spell.
    public func changeWebhook(
        _ id: String, _ change: WebhookChange, now: Instant,
        precondition: @escaping @Sendable (Webhook) throws -> Void
    ) throws -> Webhook {
        guard let webhookID = Self.id(id) else { throw Refusal.notFound("No webhook \(id) exists.") }
        return try write { connection in
            guard var webhook = try connection.webhook(id: webhookID) else {
                throw Refusal.notFound("No webhook \(id) exists.")
            }
            try precondition(webhook)
            if let url = change.url { webhook.url = url }
            if let eventTypes = change.eventTypes { webhook.eventTypes = eventTypes }
            if let description = change.description { webhook.description = description }
            if let active = change.active, active != webhook.active {
                webhook.active = active
                webhook.failingSince = nil
                webhook.disabledReason = nil
                webhook.disabledAt = active ? nil : now
            }
            return try connection.updateWebhook(webhook, at: now)
        }
    }

    /// Deletes the subscription numbered `id`, with its deliveries.
    public func deleteWebhook(_ id: String) throws {
        guard let webhookID = Self.id(id), try write({ try $0.deleteWebhook(id: webhookID) }) else {
            throw Refusal.notFound("No webhook \(id) exists.")
        }
    }

    /// Queues a `ping` to the subscription numbered `id`, due at once; refused while it is not active.
    public func pingWebhook(_ id: String, now: Instant) throws -> Delivery {
        guard let webhookID = Self.id(id) else { throw Refusal.notFound("No webhook \(id) exists.") }
        return try write { connection in
            let webhook = try Self.activeWebhook(webhookID, id, on: connection)
            var json = JSONWriter(capacity: 96)
            json.beginObject()
            json.field("type", "ping")
            json.field("at", now.rfc3339)
            json.key("data")
            json.beginObject()
            json.field("webhook_id", webhook.id)
            json.endObject()
            json.endObject()
            return try connection.queueDelivery(webhookID: webhookID, type: "ping", payload: json.bytes, at: now)
        }
    }

    /// Makes the subscription's delivery `deliveryID` pending again, due at once, with the same id
    /// and a new retry window; refused while the subscription is not active.
    public func redeliver(webhook id: String, delivery deliveryID: String, now: Instant) throws -> Delivery {
        guard let webhookID = Self.id(id) else { throw Refusal.notFound("No webhook \(id) exists.") }
        return try write { connection in
            _ = try Self.activeWebhook(webhookID, id, on: connection)
            guard let number = Self.id(deliveryID), let delivery = try connection.delivery(id: number),
                delivery.webhookID == webhookID
            else { throw Refusal.notFound("Webhook \(id) has no delivery \(deliveryID).") }
            return try connection.redeliver(id: delivery.id, at: now)!
        }
    }

    private static func activeWebhook(_ webhookID: Int64, _ id: String, on connection: Connection) throws -> Webhook {
        guard let webhook = try connection.webhook(id: webhookID) else {
            throw Refusal.notFound("No webhook \(id) exists.")
        }
        guard webhook.active else {
            throw Refusal(
                .conflict, slug: "webhook-inactive", title: "Webhook Inactive",
                detail: "Webhook \(id) is not active; activate it first (PATCH with \"active\": true).")
        }
        return webhook
    }

    /// What recording an attempt came to.
    public struct AttemptRecord: Sendable, Equatable {
        /// The delivery's state after it.
        public var state: Delivery.State
        /// When it is next due, while pending.
        public var nextAttemptAt: Instant?
        /// Why its subscription was disabled by it (`gone`, `failing`), if it was.
        public var disabled: String?
    }

    /// Records attempt at `due` that ended with `verdict` (and the receiver's `status`, or the
    /// `error`) at `now` after `milliseconds`, and what follows under `policy`: delivered; given up
    /// on a 410, which disables the subscription; else tried again after a backoff (`jitter` in
    /// 0...1) within its window, or given up past it. A subscription failing for the policy's
    /// `disableAfter` without a success is disabled. Each disabling queues a `webhook.disabled`
    /// event to the other subscriptions that receive it. Nil when the delivery no longer exists.
    public func recordAttempt(
        at due: DueDelivery, verdict: AttemptVerdict, status: Int?, error: String?, milliseconds: Int,
        now: Instant, policy: RetryPolicy, jitter: Double
    ) throws -> AttemptRecord? {
        try write { connection -> AttemptRecord? in
            guard let current = try connection.delivery(id: due.delivery.id), let webhookID = current.webhookID else {
                return nil
            }
            let number = current.attempts + 1
            let outcome: String =
                switch verdict {
                case .delivered: "delivered"
                case .gone: "gone"
                case .failed: "failed"
                }
            var state = current.state
            var next: Instant?
            var disabled: String?
            switch verdict {
            case .delivered:
                state = .delivered
                try connection.noteWebhookSucceeded(id: webhookID)
            case .gone:
                state = .failed
                disabled = "gone"
            case .failed:
                if current.state == .pending {
                    next = policy.nextAttempt(
                        afterAttempts: number, at: now, expiresAt: current.retryFrom.adding(seconds: policy.window),
                        jitter: jitter)
                    state = next == nil ? .failed : .pending
                }
                try connection.noteWebhookFailing(id: webhookID, at: now)
                if let webhook = try connection.webhook(id: webhookID), webhook.active,
                    let since = webhook.failingSince, policy.disables(failingSince: since, at: now)
                {
                    disabled = "failing"
                }
            }
            try connection.recordAttempt(
                DeliveryAttempt(
                    number: number, at: now, durationMilliseconds: milliseconds, outcome: outcome, statusCode: status,
                    error: error),
                deliveryID: current.id, state: state, nextAttemptAt: next)
            if let reason = disabled, var webhook = try connection.webhook(id: webhookID), webhook.active {
                webhook.active = false
                webhook.disabledReason = reason
                webhook.disabledAt = now
                webhook = try connection.updateWebhook(webhook, at: now)
                try connection.queueDeliveries(
                    ofType: "webhook.disabled", payload: Self.disabledEvent(webhook, reason: reason, at: now), at: now,
                    excluding: webhookID)
                if state == .pending { state = .failed }
            }
            return AttemptRecord(state: state, nextAttemptAt: state == .pending ? next : nil, disabled: disabled)
        }
    }

    /// The body of a `webhook.disabled` event.
    private static func disabledEvent(_ webhook: Webhook, reason: String, at now: Instant) -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.field("type", "webhook.disabled")
        json.field("at", now.rfc3339)
        json.key("data")
        json.beginObject()
        json.field("webhook_id", webhook.id)
        json.field("reason", reason)
        json.endObject()
        json.endObject()
        return json.bytes
    }

    /// Deletes deliveries no longer pending created before `cutoff`, a batch per write; returns how many.
    public func purgeDeliveries(createdBefore cutoff: Instant) throws -> Int {
        var total = 0
        while true {
            let deleted = try write { try $0.purgeDeliveries(createdBefore: cutoff, limit: 1000) }
            total += deleted
            if deleted < 1000 { return total }
        }
    }
}
