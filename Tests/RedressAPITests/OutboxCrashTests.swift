import Foundation
import Glibc
import Synchronization
import JSON
import Testing
import TestClient

/// The outbox across a `kill -9`: deliveries pending when the process dies are all delivered
/// after it restarts, none lost (some may arrive twice, with the same delivery id).
@Suite(.serialized) struct OutboxCrashTests {
    private let scratch = try! TestDirectory(prefix: "redress-outbox-crash")

    private func call(
        _ port: Int, _ method: String, _ path: String, key: String, json: String? = nil
    ) throws -> TestClient.Response {
        try TestClient(port: port).request(
            method, path,
            headers: [("Authorization", "Bearer \(key)")] + (json == nil ? [] : [("Content-Type", "application/json")]),
            body: json.map { Array($0.utf8) })
    }

    @Test func deliveriesPendingAtAKillAllArriveAfterTheRestart() throws {
        let database = scratch.path("data/redress.sqlite")
        let adminKey = "rk_" + String(repeating: "k", count: 40)
        let environment = [
            "REDRESS_ADMIN_KEY": adminKey, "REDRESS_WEBHOOK_ALLOW_PRIVATE": "true", "REDRESS_LOG": "warn",
        ]
        // Slow at first, so that most deliveries are still pending when the process dies.
        let slow = Mutex(true)
        let receiver = try WebhookReceiver { _, _ in slow.withLock { $0 } ? .slow(milliseconds: 150) : .status(200) }

        let first = try CommandLineTests.Server(database: database, environment: environment)
        let created = try call(
            first.port, "POST", "/v1/webhooks", key: adminKey,
            json: #"{"url":"\#(receiver.url())","event_types":["complaint.created"]}"#)
        #expect(created.status == 201)
        var complaints: Set<Int64> = []
        for index in 0..<30 {
            let response = try call(
                first.port, "POST", "/v1/complaints", key: adminKey, json: complaintJSON(title: "Complaint \(index)"))
            #expect(response.status == 201)
            if let id = try response.json()["id"]?.int { complaints.insert(id) }
        }
        #expect(eventually { receiver.requests.count >= 2 })
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let beforeRestart = receiver.requests.count
        #expect(beforeRestart < 30, "every delivery arrived before the kill; the test proved nothing")

        slow.withLock { $0 = false }
        let second = try CommandLineTests.Server(database: database, environment: environment)
        defer { _ = second.terminate() }
        func received() -> Set<Int64> {
            Set(receiver.requests.compactMap { try? JSONParser.parse($0.body)["complaint"]?["id"]?.int })
        }
        #expect(eventually(within: 20) { received() == complaints })
        let outbox = try call(second.port, "GET", "/v1/outbox", key: adminKey).json()
        #expect(
            eventually {
                (try? call(second.port, "GET", "/v1/outbox", key: adminKey).json()["data"]?.array?.isEmpty) == true
            })
        _ = outbox
        // A repeat carries the id of the delivery it repeats.
        let byDelivery = Dictionary(grouping: receiver.requests) { $0.header("Redress-Delivery") ?? "" }
        for (_, copies) in byDelivery { #expect(Set(copies.map(\.body)).count == 1) }
        #expect(byDelivery.count == 30)
    }
}
