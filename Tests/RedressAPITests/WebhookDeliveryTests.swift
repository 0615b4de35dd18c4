import Foundation
import JSON
import RedressDomain
import Testing
import TestClient
@testable import RedressAPI

/// Deliveries to real receivers on this machine: signed POSTs of each event, in order per
/// subscription, retried after a failure with the same delivery id, given up on 410, never
/// redirected, redelivered and pinged on request, and a subscription that keeps failing disabled.
@Suite struct WebhookDeliveryTests {
    /// The HMAC the README tells receivers to compute, computed by Python's standard library, so
    /// that the signature is checked by code that shares nothing with the service's.
    private func pythonSignature(secret: String, timestamp: String, body: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("body-\(UUID().uuidString)")
        try Data(body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import hmac, hashlib, sys; print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode() + b'.' + open(sys.argv[3], 'rb').read(), hashlib.sha256).hexdigest())",
                secret, timestamp, file.path,
            ])
        return String(decoding: run.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aComplaintEventArrivesSignedWithItsTypeAndDeliveryId() throws {
        let service = try TestService.forWebhooks()
        let receiver = try WebhookReceiver()
        let hook = try service.webhook(receiver.url("/in?x=1"), types: ["complaint.created"])
        let complaint = try service.complaint()
        #expect(eventually { receiver.requests.count == 1 })
        let request = try #require(receiver.requests.first)
        #expect(request.method == "POST" && request.target == "/in?x=1")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Redress-Event") == "complaint.created")
        #expect(request.header("Host") == "127.0.0.1:\(receiver.port)")
        let body = try JSONParser.parse(request.body)
        #expect(body["type"]?.string == "complaint.created")
        #expect(body["complaint"]?["id"]?.int == complaint)
        #expect(body["seq"]?.int != nil)

        let signature = try #require(request.header("Redress-Signature"))
        let match = try #require(signature.wholeMatch(of: #/t=(\d+),v1=([0-9a-f]{64})/#))
        #expect(Int64(match.output.1) == service.clock.now.seconds)
        #expect(
            try pythonSignature(secret: hook.secret, timestamp: String(match.output.1), body: request.body)
                == String(match.output.2))
        #expect(
            try pythonSignature(secret: "whsec_wrong", timestamp: String(match.output.1), body: request.body)
                != String(match.output.2))

        #expect(eventually { (try? service.deliveries(of: hook.id).first?["state"]?.string) == "delivered" })
        let delivery = try #require(try service.deliveries(of: hook.id).first)
        #expect(request.header("Redress-Delivery") == delivery["id"]?.int.map(String.init))
        #expect(delivery["attempts"]?.array?.count == 1)
        #expect(delivery["attempts"]?[0]?["status_code"]?.int == 200)
        #expect(delivery["attempts"]?[0]?["outcome"]?.string == "delivered")
        // Only complaint.created was asked for: an edit sends nothing.
        let edit = try service.request(
            "PATCH", "/v1/complaints/\(complaint)", key: service.adminKey, json: #"{"title":"Leaks again"}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        #expect(edit.status == 200)
        usleep(300_000)
        #expect(receiver.requests.count == 1)
    }

    @Test func eachSubscriptionReceivesItsEventsInTheOrderTheyHappened() throws {
        let service = try TestService.forWebhooks()
        let first = try WebhookReceiver()
        let second = try WebhookReceiver()
        _ = try service.webhook(first.url())
        _ = try service.webhook(second.url())
        for index in 0..<12 { try service.complaint(title: "Complaint \(index)") }
        #expect(eventually { first.requests.count == 12 && second.requests.count == 12 })
        for receiver in [first, second] {
            let seqs = try receiver.requests.map { try JSONParser.parse($0.body)["seq"]?.int ?? -1 }
            #expect(seqs == seqs.sorted() && Set(seqs).count == 12)
        }
    }

    @Test func aFailedDeliveryIsRetriedLaterWithTheSameId() throws {
        let service = try TestService.forWebhooks()
        let receiver = try WebhookReceiver { _, index in index == 0 ? .status(500) : .status(204) }
        let hook = try service.webhook(receiver.url())
        try service.complaint()
        #expect(eventually { (try? service.deliveries(of: hook.id).first?["attempts"]?.array?.count) == 1 })
        let failed = try #require(try service.deliveries(of: hook.id).first)
        #expect(failed["state"]?.string == "pending")
        #expect(failed["last_status_code"]?.int == 500)
        let next = try #require(failed["next_attempt_at"]?.string.flatMap(Instant.init(rfc3339:)))
        #expect(next > service.clock.now && next <= service.clock.now.adding(seconds: 10))
        let outbox = try service.request("GET", "/v1/outbox?state=pending", key: service.adminKey).json()
        #expect(outbox["data"]?.array?.count == 1)
        let webhook = try service.webhookJSON(hook.id)
        #expect(webhook["failing_since"]?.string == service.clock.now.rfc3339)

        // Nothing is sent again before it is due.
        service.runtime.outbox.wake()
        usleep(300_000)
        #expect(receiver.requests.count == 1)
        service.advance(seconds: 11)
        #expect(eventually { (try? service.deliveries(of: hook.id).first?["state"]?.string) == "delivered" })
        #expect(receiver.requests.count == 2)
        #expect(receiver.requests[0].header("Redress-Delivery") == receiver.requests[1].header("Redress-Delivery"))
        #expect(receiver.requests[0].body == receiver.requests[1].body)
        let delivered = try #require(try service.deliveries(of: hook.id).first)
        #expect(delivered["attempts"]?.array?.compactMap { $0["status_code"]?.int } == [500, 204])
        #expect(try service.webhookJSON(hook.id)["failing_since"] == .null)
        #expect(try service.request("GET", "/v1/outbox", key: service.adminKey).json()["data"]?.array?.isEmpty == true)
        let metrics = try service.request("GET", "/metrics").text
        #expect(metrics.contains("redress_outbox_attempts_total{kind=\"webhook\",outcome=\"failed\"} 1"))
        #expect(metrics.contains("redress_outbox_deliveries_total{kind=\"webhook\",outcome=\"delivered\"} 1"))
        #expect(metrics.contains("redress_outbox_pending 0"))
    }

    @Test func a410DisablesTheSubscriptionAndAnEventSaysSo() throws {
        let service = try TestService.forWebhooks()
        let gone = try WebhookReceiver { _, _ in .status(410) }
        let watcher = try WebhookReceiver()
        let hook = try service.webhook(gone.url())
        _ = try service.webhook(watcher.url(), types: ["webhook.*"])
        try service.complaint()
        #expect(eventually { watcher.requests.count == 1 })
        let event = try JSONParser.parse(try #require(watcher.requests.first).body)
        #expect(event["type"]?.string == "webhook.disabled")
        #expect(event["data"]?["webhook_id"]?.int == hook.id)
        #expect(event["data"]?["reason"]?.string == "gone")
        #expect(event["data"]?["url"] == nil)
        let webhook = try service.webhookJSON(hook.id)
        #expect(webhook["active"]?.bool == false && webhook["disabled_reason"]?.string == "gone")
        #expect(try service.deliveries(of: hook.id).first?["state"]?.string == "failed")
        // No more events are queued for it, and it cannot be pinged until it is activated again.
        try service.complaint()
        #expect(try service.deliveries(of: hook.id).count == 1)
        #expect(try service.request("POST", "/v1/webhooks/\(hook.id)/ping", key: service.adminKey).status == 409)
        #expect(gone.requests.count == 1)
    }

    @Test func aRedirectIsNotFollowedAndCountsAsAFailure() throws {
        let service = try TestService.forWebhooks()
        let elsewhere = try WebhookReceiver()
        let redirecting = try WebhookReceiver { _, _ in .redirect(307, location: elsewhere.url()) }
        let hook = try service.webhook(redirecting.url())
        try service.complaint()
        #expect(eventually { (try? service.deliveries(of: hook.id).first?["attempts"]?.array?.count) == 1 })
        let delivery = try #require(try service.deliveries(of: hook.id).first)
        #expect(delivery["state"]?.string == "pending")
        #expect(delivery["last_status_code"]?.int == 307)
        #expect(delivery["last_error"]?.string?.contains("redirect not followed") == true)
        usleep(200_000)
        #expect(elsewhere.requests.isEmpty)
    }

    @Test func aPingAndARedeliveryGoOutAtOnce() throws {
        let service = try TestService.forWebhooks()
        let receiver = try WebhookReceiver()
        let hook = try service.webhook(receiver.url())
        let ping = try service.request("POST", "/v1/webhooks/\(hook.id)/ping", key: service.adminKey)
        #expect(ping.status == 202)
        #expect(try ping.json()["event_type"]?.string == "ping")
        #expect(eventually { receiver.requests.count == 1 })
        #expect(receiver.requests[0].header("Redress-Event") == "ping")
        #expect(try JSONParser.parse(receiver.requests[0].body)["data"]?["webhook_id"]?.int == hook.id)

        let id = try #require(try ping.json()["id"]?.int)
        #expect(eventually { (try? service.deliveries(of: hook.id).first?["state"]?.string) == "delivered" })
        let again = try service.request(
            "POST", "/v1/webhooks/\(hook.id)/deliveries/\(id)/redeliver", key: service.adminKey)
        #expect(again.status == 202)
        #expect(try again.json()["state"]?.string == "pending")
        #expect(eventually { receiver.requests.count == 2 })
        #expect(receiver.requests[1].header("Redress-Delivery") == String(id))
        #expect(eventually { (try? service.deliveries(of: hook.id).first?["attempts"]?.array?.count) == 2 })
        let other = try service.webhook(receiver.url("/other"))
        let wrong = try service.request(
            "POST", "/v1/webhooks/\(other.id)/deliveries/\(id)/redeliver", key: service.adminKey)
        #expect(wrong.status == 404)
    }

    @Test func aSubscriptionFailingForThreeDaysIsDisabled() throws {
        let service = try TestService.forWebhooks()
        let failing = try WebhookReceiver { _, _ in .status(503) }
        let watcher = try WebhookReceiver()
        let hook = try service.webhook(failing.url())
        _ = try service.webhook(watcher.url(), types: ["webhook.disabled"])
        try service.complaint()
        #expect(eventually { failing.requests.count == 1 })
        #expect(eventually { (try? service.webhookJSON(hook.id)["failing_since"]?.string) != nil })
        service.advance(seconds: 3 * 86_400)
        try service.complaint()
        #expect(eventually { watcher.requests.count == 1 })
        let event = try JSONParser.parse(watcher.requests[0].body)
        #expect(event["data"]?["reason"]?.string == "failing")
        let webhook = try service.webhookJSON(hook.id)
        #expect(webhook["active"]?.bool == false && webhook["disabled_reason"]?.string == "failing")
        // Both deliveries are given up: the first past its 24 hours, the second with its subscription.
        #expect(
            eventually { (try? service.deliveries(of: hook.id).allSatisfy { $0["state"]?.string == "failed" }) == true }
        )

        // Activated again, it receives new events; redelivery brings back a given-up one.
        let active = try service.request(
            "PATCH", "/v1/webhooks/\(hook.id)", key: service.adminKey, json: #"{"active":true}"#)
        #expect(try active.json()["disabled_reason"] == .null && active.json()["failing_since"] == .null)
    }
}
