import RedressDomain
import RedressStore
import SQLite
import Synchronization
import Testing
import TestClient
@testable import RedressCasework

/// The transactional outbox: deliveries commit with the events that cause them, go to the
/// subscriptions whose patterns match, and follow every change of the subscriptions at once,
/// rolled-back ones included.
@Suite struct OutboxTests {
    private let now = Instant(seconds: 1_796_000_000)

    private func draft() -> ComplaintDraft {
        ComplaintDraft(
            channel: .phone, title: "Dryer stopped heating", description: "Two weeks after the repair visit.",
            complainant: Complainant(name: "王芳", phone: "+86 137 0000 0002"), subject: Subject(type: .product))
    }

    private func register(_ casework: Casework, _ caller: Caller) throws -> Complaint {
        let answer = try casework.register(
            try Intake(draft(), settings: .defaults, now: now), by: caller, settings: .defaults, now: now,
            reply: { _ in Reply(status: 201, headers: [], body: []) })
        guard case .done(let registered, nil) = answer else { throw Refusal.notFound("no registration") }
        return registered.complaint
    }

    private func deliveries(_ database: Database) throws -> [(webhook: Int64, type: String)] {
        try database.read { connection in
            try connection.query("SELECT webhook_id, event_type FROM deliveries ORDER BY id").map {
                (try $0.get(0), try $0.get(1))
            }
        }
    }

    private func subscribe(
        _ casework: Casework, _ caller: Caller, _ types: [String], active: Bool = true
    ) throws -> Int64 {
        let answer = try casework.createWebhook(
            url: "http://hooks.example.com/in", eventTypes: types, description: "", active: active, by: caller,
            now: now,
            reply: { _ in Reply(status: 201, headers: [], body: []) })
        guard case .done(let created, _) = answer else { throw Refusal.notFound("no webhook") }
        return created.webhook.id
    }

    @Test func anEventIsQueuedForEachActiveSubscriptionWhosePatternsMatchIt() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: DatabaseConfiguration(path: directory.path("redress.sqlite")))
        defer { database.close() }
        let queued = Counter()
        let casework = Casework(database: database, queuedDeliveries: { queued.add() })
        let caller = try casework.issueKey(name: "admin", role: .admin, now: now).caller
        let all = try subscribe(casework, caller, ["complaint.*"])
        let created = try subscribe(casework, caller, ["complaint.created", "webhook.disabled"])
        _ = try subscribe(casework, caller, ["complaint.assessed"])
        _ = try subscribe(casework, caller, ["*"], active: false)
        #expect(queued.value == 0)

        _ = try register(casework, caller)
        #expect(try deliveries(database).map(\.webhook) == [all, created])
        #expect(try deliveries(database).allSatisfy { $0.type == "complaint.created" })
        #expect(queued.value == 1)

        // A change takes effect for the next event: the cached subscriptions are dropped.
        _ = try casework.changeWebhook(String(created), WebhookChange(active: false), now: now) { _ in }
        _ = try register(casework, caller)
        #expect(try deliveries(database).map(\.webhook) == [all, created, all])
    }

    @Test func aRolledBackSubscriptionLeavesNothingBehindInTheCache() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: DatabaseConfiguration(path: directory.path("redress.sqlite")))
        defer { database.close() }
        let casework = Casework(database: database)
        let caller = try casework.issueKey(name: "admin", role: .admin, now: now).caller
        let complaint = try register(casework, caller)
        struct Undo: Error {}
        // A subscription created and then rolled back, after an event in the same write read the
        // subscriptions (and so saw it): the next event must not be queued for it, or its
        // delivery would name a subscription that does not exist.
        #expect(throws: Undo.self) {
            try database.write { connection in
                _ = try connection.insertWebhook(
                    url: "http://hooks.example.com/", eventTypes: ["*"], description: "", active: true,
                    sealedSecret: [1], at: now)
                try connection.appendEvent(
                    complaintID: complaint.id, type: "complaint.note_added", at: now, actor: "desk", from: nil,
                    to: nil, data: [])
                throw Undo()
            }
        }
        _ = try database.write { connection in
            try connection.appendEvent(
                complaintID: complaint.id, type: "complaint.note_added", at: now, actor: "desk", from: nil, to: nil,
                data: [])
        }
        #expect(try deliveries(database).isEmpty)
        #expect(try database.read { try $0.webhooks() }.isEmpty)
    }

    @Test func aSecretIsStoredOnlySealedWithTheServerKeyBesideTheDatabase() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: DatabaseConfiguration(path: directory.path("redress.sqlite")))
        defer { database.close() }
        let casework = Casework(database: database)
        let caller = try casework.issueKey(name: "admin", role: .admin, now: now).caller
        guard
            case .done(let created, _) = try casework.createWebhook(
                url: "http://hooks.example.com/", eventTypes: ["*"], description: "", active: true, by: caller,
                now: now, reply: { _ in Reply(status: 201, headers: [], body: []) })
        else { throw Refusal.notFound("no webhook") }
        #expect(created.secret.hasPrefix("whsec_") && created.secret.count == 46)
        let stored = try #require(try database.read { try $0.webhook(id: created.webhook.id) })
        #expect(!stored.sealedSecret.isEmpty)
        #expect(stored.sealedSecret.firstRange(of: Array(created.secret.utf8)) == nil)
        let key = try database.serverKey.bytes()
        #expect(WebhookSecret.open(stored.sealedSecret, serverKey: key) == created.secret)
        #expect(WebhookSecret.open(stored.sealedSecret, serverKey: [UInt8](repeating: 7, count: 32)) == nil)
        // A second opening of the same database reads the same key from its file.
        #expect(try ServerKey(databasePath: database.configuration.path).bytes() == key)
    }

    @Test func aSignatureIsTheHMACOfTheTimestampAndTheBody() {
        let body = Array(#"{"type":"ping"}"#.utf8)
        let signature = WebhookSecret.signature(secret: "whsec_test", timestamp: 1_796_000_000, body: body)
        let expected = WebhookSecret.hex(
            HMAC.sha256(key: Array("whsec_test".utf8), Array("1796000000.".utf8) + body))
        #expect(signature == "t=1796000000,v1=\(expected)")
        #expect(WebhookSecret.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }
}

/// A count shared with a closure.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
}
