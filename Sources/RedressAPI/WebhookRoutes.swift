import HTTP
import JSON
import Outbound
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/webhooks` and `/v1/outbox` (admin only): subscriptions that receive events as signed
/// HTTP POSTs, their delivery history, redelivery, a `ping`, and what the outbox still holds.
struct WebhookRoutes {
    let backend: Backend
    /// Whether receivers at loopback, private and link-local addresses may be registered.
    let allowPrivate: Bool

    func register(on router: inout Router) {
        router.add(.post, "/v1/webhooks") { request, _ in try create(request) }
        router.add(.get, "/v1/webhooks") { request, _ in try list(request) }
        router.add(.get, "/v1/webhooks/{id}") { request, parameters in try read(request, id: parameters["id"]!) }
        router.add(.patch, "/v1/webhooks/{id}") { request, parameters in try change(request, id: parameters["id"]!) }
        router.add(.delete, "/v1/webhooks/{id}") { request, parameters in
            _ = try backend.caller(of: request, atLeast: .admin)
            try backend.casework.deleteWebhook(parameters["id"]!)
            return HTTPResponse(status: .noContent)
        }
        router.add(.post, "/v1/webhooks/{id}/ping") { request, parameters in
            _ = try backend.caller(of: request, atLeast: .admin)
            return Self.accepted(try backend.casework.pingWebhook(parameters["id"]!, now: backend.now))
        }
        router.add(.get, "/v1/webhooks/{id}/deliveries") { request, parameters in
            try deliveries(request, id: parameters["id"]!)
        }
        router.add(.post, "/v1/webhooks/{id}/deliveries/{delivery}/redeliver") { request, parameters in
            _ = try backend.caller(of: request, atLeast: .admin)
            return Self.accepted(
                try backend.casework.redeliver(
                    webhook: parameters["id"]!, delivery: parameters["delivery"]!, now: backend.now))
        }
        router.add(.get, "/v1/outbox") { request, _ in try outbox(request) }
    }

    /// `POST /v1/webhooks`: 201 with the subscription and its `secret`, shown only here.
    private func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .admin)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["url", "event_types", "description", "active"])
        let url = receiverURL(&body, required: true)
        let eventTypes = patterns(&body, required: true)
        let description = self.description(&body) ?? ""
        let active = body.bool("active") ?? true
        try body.validate()
        let respond: @Sendable (CreatedWebhook) -> HTTPResponse = { created in
            var json = JSONWriter()
            WebhookJSON.write(created.webhook, into: &json, secret: created.secret)
            return Backend.json(
                .created, json.bytes,
                headers: ["Location": "/v1/webhooks/\(created.webhook.id)", "ETag": "\"\(created.webhook.version)\""])
        }
        let answer = try backend.casework.createWebhook(
            url: url!, eventTypes: eventTypes!, description: description, active: active, by: caller,
            now: backend.now, claim: claim, reply: { respond($0).reply })
        return answer.response(respond)
    }

    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        try ListQuery(request, allowed: []).validate()
        let webhooks = try backend.read { try $0.webhooks() }
        var json = JSONWriter(capacity: 256 + webhooks.count * 384)
        json.beginObject()
        json.key("data")
        json.beginArray()
        webhooks.forEach { WebhookJSON.write($0, into: &json) }
        json.endArray()
        json.field("next_cursor", nil as String?)
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }

    private func read(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        return Self.one(try webhook(id))
    }

    /// `PATCH /v1/webhooks/{id}`: a JSON merge patch of `url`, `event_types`, `description` and
    /// `active`, with `If-Match` against its version when given.
    private func change(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var body = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        body.rejectUnknown(["url", "event_types", "description", "active"])
        for name in ["url", "event_types", "active"] where body.has(name) {
            if case .null? = body.value(name) { body.errors.append(FieldError(name, "must not be null")) }
        }
        var change = WebhookChange()
        if body.has("url") { change.url = receiverURL(&body, required: false) }
        if body.has("event_types") { change.eventTypes = patterns(&body, required: false) }
        if body.has("description") { change.description = description(&body) ?? "" }
        change.active = body.bool("active")
        try body.validate()
        let ifMatch = request.headers["If-Match"]
        let webhook = try backend.casework.changeWebhook(id, change, now: backend.now) { stored in
            try Self.check(ifMatch, against: stored)
        }
        return Self.one(webhook)
    }

    /// `GET /v1/webhooks/{id}/deliveries`: the subscription's deliveries, newest first, each with
    /// its attempts.
    private func deliveries(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var query = ListQuery(request, allowed: ["limit", "cursor"])
        let limit = query.integer("limit", in: 1...200, default: 50)
        let before = query.cursor { Casework.id($0) }
        try query.validate()
        let webhook = try webhook(id)
        let (deliveries, attempts) = try backend.read { connection in
            let deliveries = try connection.deliveries(webhookID: webhook.id, before: before, limit: limit)
            return (deliveries, try connection.attempts(deliveryIDs: deliveries.map(\.id)))
        }
        let next = deliveries.count == limit ? deliveries.last.map { String($0.id) } : nil
        return Backend.json(.ok, WebhookJSON.page(deliveries, attempts: attempts, nextCursor: next))
    }

    /// `GET /v1/outbox`: deliveries not delivered (`state=pending`, `failed`, or both by
    /// default), oldest first, each with its attempts.
    private func outbox(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .admin)
        var query = ListQuery(request, allowed: ["state", "limit", "cursor"])
        let states: [Delivery.State] = query.choices("state")
        if states.contains(.delivered) {
            query.errors.append(
                FieldError("state", "must be pending or failed: the outbox lists what is not delivered"))
        }
        let limit = query.integer("limit", in: 1...200, default: 50)
        let after = query.cursor { Casework.id($0) } ?? 0
        try query.validate()
        let (deliveries, attempts) = try backend.read { connection in
            let deliveries = try connection.undeliveredDeliveries(states: states, after: after, limit: limit)
            return (deliveries, try connection.attempts(deliveryIDs: deliveries.map(\.id)))
        }
        let next = deliveries.count == limit ? deliveries.last.map { String($0.id) } : nil
        return Backend.json(.ok, WebhookJSON.page(deliveries, attempts: attempts, nextCursor: next))
    }

    private func webhook(_ id: String) throws -> Webhook {
        guard let number = Casework.id(id), let webhook = try backend.read({ try $0.webhook(id: number) }) else {
            throw Problem(Refusal.notFound("No webhook \(id) exists."))
        }
        return webhook
    }

    /// The receiver's URL: http or https, no credentials, and no
    /// address written into it that the address policy refuses, unless private receivers are allowed.
    private func receiverURL(_ body: inout RequestBody, required: Bool) -> String? {
        guard let text = body.string("url", required: required) else { return nil }
        let url: OutboundURL
        do {
            url = try OutboundURL(parsing: text)
        } catch {
            body.errors.append(FieldError("url", error.message))
            return nil
        }
        if !allowPrivate, let refusal = url.refusedLiteral {
            body.errors.append(
                FieldError("url", "must not point to a \(refusal) address; webhooks go to public receivers"))
            return nil
        }
        return text
    }

    /// The event-type patterns: 1 to 50, each valid, none twice.
    private func patterns(_ body: inout RequestBody, required: Bool) -> [String]? {
        guard let texts = body.strings("event_types", required: required) else { return nil }
        guard (1...50).contains(texts.count) else {
            body.errors.append(FieldError("event_types", "must list 1 to 50 event types"))
            return nil
        }
        var valid = true
        for (index, text) in texts.enumerated() where EventTypePattern(text) == nil {
            body.errors.append(
                FieldError(
                    "event_types[\(index)]",
                    "must be an event type such as complaint.created, a prefix with a wildcard such as complaint.*, or *"
                ))
            valid = false
        }
        if Set(texts).count != texts.count {
            body.errors.append(FieldError("event_types", "must not list an event type twice"))
            valid = false
        }
        return valid ? texts : nil
    }

    /// The description: at most 500 characters.
    private func description(_ body: inout RequestBody) -> String? {
        guard let text = body.string("description") else { return nil }
        guard text.unicodeScalars.count <= 500 else {
            body.errors.append(FieldError("description", "must be at most 500 characters"))
            return nil
        }
        return text
    }

    /// 412 unless `ifMatch` (if given) is `*` or names the subscription's version.
    private static func check(_ ifMatch: String?, against webhook: Webhook) throws {
        guard let ifMatch else { return }
        let current = "\"\(webhook.version)\""
        let tags = ifMatch.split(separator: ",").map { String($0.trimmingWhitespace) }
        guard tags == ["*"] || tags.contains(current) else {
            throw Refusal(
                .stale, slug: "precondition-failed", title: "Precondition Failed",
                detail: "The webhook is at version \(webhook.version) (ETag \(current)); If-Match named \(ifMatch).")
        }
    }

    private static func one(_ webhook: Webhook) -> HTTPResponse {
        var json = JSONWriter()
        WebhookJSON.write(webhook, into: &json)
        return Backend.json(.ok, json.bytes, headers: ["ETag": "\"\(webhook.version)\""])
    }

    private static func accepted(_ delivery: Delivery) -> HTTPResponse {
        var json = JSONWriter()
        WebhookJSON.write(delivery, attempts: [], into: &json)
        return Backend.json(.accepted, json.bytes)
    }
}
