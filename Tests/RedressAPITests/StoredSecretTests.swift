import Foundation
import RedressDomain
import RedressStore
import SQLite
import Testing
import TestClient
@testable import RedressAPI

/// Secrets shown once (a new API key, a new complaint's tracking code) never reach the database
/// file, its WAL or a backup in plaintext, although an `Idempotency-Key` retry gets them again.
@Suite struct StoredSecretTests {
    /// Every byte the database keeps on disk: the file and its WAL.
    private func diskBytes(of service: TestService) throws -> [UInt8] {
        let path = service.database.configuration.path
        return try [path, path + "-wal"].flatMap { file in
            FileManager.default.fileExists(atPath: file) ? Array(try Data(contentsOf: URL(fileURLWithPath: file))) : []
        }
    }

    private func holds(_ bytes: [UInt8], _ secret: String) -> Bool {
        let needle = Array(secret.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in
            bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func aNewKeyAndATrackingCodeAreReplayedButNeverStoredInPlaintext() throws {
        let service = try TestService()
        let keyBody = #"{"name":"web form","role":"intake"}"#
        let issued = try service.request(
            "POST", "/v1/api-keys", key: service.adminKey, json: keyBody,
            headers: [("Idempotency-Key", "key-1")])
        let newKey = try #require(try issued.json()["key"]?.string)
        let registered = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(),
            headers: [("Idempotency-Key", "complaint-1")])
        let code = try #require(try registered.json()["tracking_code"]?.string)

        // The retries get the secrets again, byte for byte.
        let keyRetry = try service.request(
            "POST", "/v1/api-keys", key: service.adminKey, json: keyBody,
            headers: [("Idempotency-Key", "key-1")])
        #expect(keyRetry.status == 201)
        #expect(keyRetry.header("Idempotent-Replayed") == "true")
        #expect(keyRetry.body == issued.body)
        let complaintRetry = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(),
            headers: [("Idempotency-Key", "complaint-1")])
        #expect(complaintRetry.body == registered.body)

        // Both responses are kept, and neither secret is in the database, its WAL, or a backup.
        let kept = try service.database.read {
            try $0.first("SELECT count(*) FROM idempotent_responses WHERE sealed = 1")!.get(0) as Int
        }
        #expect(kept == 2)
        let onDisk = try diskBytes(of: service)
        #expect(!holds(onDisk, newKey))
        #expect(!holds(onDisk, code))
        #expect(holds(onDisk, "web form"), "the scan reads the bytes SQLite wrote")
        let backup = service.directory.appendingPathComponent("backup.sqlite").path
        try service.database.backup(to: backup)
        let copied = Array(try Data(contentsOf: URL(fileURLWithPath: backup)))
        #expect(!holds(copied, newKey))
        #expect(!holds(copied, code))
        #expect(try permissions(backup) == 0o600)
        #expect(try permissions(service.database.configuration.path) == 0o600)
    }

    @Test func anotherKeySendingTheSameIdempotencyKeyGetsNothingOfTheFirst() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let first = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(),
            headers: [("Idempotency-Key", "shared")])
        let other = try service.request(
            "POST", "/v1/complaints", key: agent, json: complaintJSON(),
            headers: [("Idempotency-Key", "shared")])
        #expect(other.status == 201)
        #expect(other.header("Idempotent-Replayed") == nil)
        #expect(try other.json()["tracking_code"]?.string != (try first.json()["tracking_code"]?.string))
    }

    @Test func aStoredResponseThatCannotBeOpenedIsRefusedNotDoneAgain() throws {
        let service = try TestService()
        let body = complaintJSON()
        let first = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: body,
            headers: [("Idempotency-Key", "tampered")])
        #expect(first.status == 201)
        // One flipped byte in the sealed body: its tag no longer matches.
        try service.database.write { connection in
            var sealed = try connection.first("SELECT body FROM idempotent_responses")!.get(0) as [UInt8]
            sealed[sealed.count / 2] ^= 1
            try connection.run("UPDATE idempotent_responses SET body = ?", sealed)
        }
        let retry = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: body,
            headers: [("Idempotency-Key", "tampered")])
        #expect(retry.status == 409)
        #expect(try retry.json()["type"]?.string == "/problems/idempotent-response-withheld")
        #expect(try retry.json()["location"]?.string == first.header("Location"))
        #expect(try service.database.read { try $0.first("SELECT count(*) FROM complaints")!.get(0) as Int } == 1)
    }

    @Test func responsesKeptBeforeSealingAreErasedAndTheirRetriesRefused() throws {
        let directory = try TestDirectory(prefix: "redress-seal")
        let configuration = DatabaseConfiguration(path: directory.path("old.sqlite"))
        let before = Array(Schema.migrations.prefix { $0.version < 8 })
        let old = try Database(configuration: configuration, migrations: before)
        try old.write { connection in
            try connection.run(
                "INSERT INTO api_keys (name, role, lookup, digest, created_at) VALUES ('a', 'admin', 'rk_x', x'00', 0)")
            try connection.run(
                """
                INSERT INTO idempotent_responses (key_id, idempotency_key, fingerprint, status, headers, body, created_at)
                VALUES (1, 'k', x'00', 201, 'Location: /v1/api-keys/2', '{"key":"rk_PlaintextSecretPlaintextSecret"}', 0)
                """)
        }
        old.close()
        let upgraded = try Database(configuration: configuration)
        let row = try upgraded.read { try $0.storedResponse(keyID: 1, idempotencyKey: "k", now: Instant(seconds: 10)) }
        upgraded.close()
        #expect(row?.body == [])
        #expect(row?.sealed == false)
        #expect(row?.headers.first?.1 == "/v1/api-keys/2")
        // Erased in place, not left in free pages: once closed (and so checkpointed), the file has no trace.
        let file = Array(try Data(contentsOf: URL(fileURLWithPath: configuration.path)))
        #expect(!holds(file, "PlaintextSecret"))
    }
}
