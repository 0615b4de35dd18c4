import JSON
import RedressStore

/// Webhooks and their deliveries as the API returns them.
enum WebhookJSON {
    /// A subscription; `secret` only in the response that created it.
    static func write(_ webhook: Webhook, into json: inout JSONWriter, secret: String? = nil) {
        json.beginObject()
        json.field("id", webhook.id)
        json.field("url", webhook.url)
        json.key("event_types")
        json.beginArray()
        webhook.eventTypes.forEach { json.string($0) }
        json.endArray()
        json.field("description", webhook.description)
        json.field("active", webhook.active)
        json.field("disabled_reason", webhook.disabledReason)
        json.field("disabled_at", webhook.disabledAt)
        json.field("failing_since", webhook.failingSince)
        json.field("created_at", webhook.createdAt)
        json.field("updated_at", webhook.updatedAt)
        json.field("version", webhook.version)
        if let secret { json.field("secret", secret) }
        json.endObject()
    }

    /// A delivery with its attempts, oldest first.
    static func write(_ delivery: Delivery, attempts: [DeliveryAttempt], into json: inout JSONWriter) {
        json.beginObject()
        json.field("id", delivery.id)
        json.field("kind", delivery.kind)
        json.field("webhook_id", delivery.webhookID)
        json.field("event_type", delivery.eventType)
        json.field("event_seq", delivery.eventSeq)
        json.field("state", delivery.state.rawValue)
        json.field("created_at", delivery.createdAt)
        json.field("next_attempt_at", delivery.state == .pending ? delivery.nextAttemptAt : nil)
        json.field("last_attempt_at", delivery.lastAttemptAt)
        json.field("last_status_code", delivery.lastStatusCode)
        json.field("last_error", delivery.lastError)
        json.key("attempts")
        json.beginArray()
        for attempt in attempts {
            json.beginObject()
            json.field("number", attempt.number)
            json.field("at", attempt.at)
            json.field("duration_ms", attempt.durationMilliseconds)
            json.field("outcome", attempt.outcome)
            json.field("status_code", attempt.statusCode)
            json.field("error", attempt.error)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// A page of deliveries with their attempts.
    static func page(_ deliveries: [Delivery], attempts: [Int64: [DeliveryAttempt]], nextCursor: String?) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + deliveries.count * 384)
        json.beginObject()
        json.key("data")
        json.beginArray()
        for delivery in deliveries { write(delivery, attempts: attempts[delivery.id] ?? [], into: &json) }
        json.endArray()
        json.field("next_cursor", nextCursor)
        json.endObject()
        return json.bytes
    }
}
