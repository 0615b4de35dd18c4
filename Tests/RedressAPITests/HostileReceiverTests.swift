import Foundation
import JSON
import Testing
import TestClient
@testable import RedressAPI

/// Receivers that misbehave on purpose: each holds one sending slot for at most the timeout, is
/// recorded as a failed attempt, and the other subscriptions' deliveries go on meanwhile.
@Suite struct HostileReceiverTests {
    @Test(arguments: [
        ("accepts and never answers", WebhookReceiver.Behaviour.silent, "timed out"),
        ("answers a byte a second", .trickle, "timed out"),
        ("sends a gigabyte", .huge, "larger than"),
        ("sends a malformed status line", .raw("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n"), "malformed"),
        ("speaks another protocol", .raw("SSH-2.0-OpenSSH_9.6\r\n\r\n"), "malformed"),
        ("closes without a word", .raw(""), "closed"),
    ])
    func aHostileReceiverCostsOneSlotForAtMostTheTimeout(
        _ name: String, _ behaviour: WebhookReceiver.Behaviour, _ error: String
    ) throws {
        let timeout = 3
        let service = try TestService.forWebhooks(timeout: timeout, slots: 2)
        let hostile = try WebhookReceiver { _, _ in behaviour }
        let good = try WebhookReceiver()
        let bad = try service.webhook(hostile.url())
        _ = try service.webhook(good.url())
        let started = Date()
        for _ in 0..<3 { try service.complaint() }
        // The good receiver has all three while the hostile one still holds its first.
        #expect(eventually(within: Double(timeout) - 0.5) { good.requests.count == 3 }, "\(name)")
        #expect(
            eventually(within: Double(timeout) + 3) {
                (try? service.deliveries(of: bad.id).contains { $0["attempts"]?.array?.isEmpty == false }) == true
            })
        let elapsed = Date().timeIntervalSince(started)
        let attempt = try #require(
            try service.deliveries(of: bad.id).compactMap { $0["attempts"]?[0] }.first)
        #expect(attempt["outcome"]?.string == "failed")
        #expect(attempt["error"]?.string?.contains(error) == true, "\(name): \(attempt)")
        #expect((attempt["duration_ms"]?.int ?? .max) <= Int64(timeout) * 1000 + 500)
        #expect(elapsed < Double(timeout) + 3)
        hostile.stop()
    }
}
