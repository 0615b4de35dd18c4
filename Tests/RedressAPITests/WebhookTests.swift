import Foundation
import JSON
import RedressDomain
import Testing
import TestClient
@testable import RedressAPI

/// `/v1/webhooks` as an administrator manages it: creation with a secret shown once and never
/// stored in plaintext, reading, changing with `If-Match`, deleting, and every bad input and
/// every role below admin refused without a change.
@Suite struct WebhookTests {
    @Test func anAdministratorCreatesReadsChangesAndDeletesAWebhook() throws {
        let service = try TestService()
        let created = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey,
            json:
                #"{"url":"http://hooks.example.com/redress?team=a","event_types":["complaint.*","webhook.disabled"],"description":"CRM"}"#
        )
        #expect(created.status == 201)
        let json = try created.json()
        let id = try #require(json["id"]?.int)
        #expect(created.header("Location") == "/v1/webhooks/\(id)")
        #expect(created.header("ETag") == "\"1\"")
        #expect(json["secret"]?.string?.hasPrefix("whsec_") == true)
        #expect(json["active"]?.bool == true)
        #expect(json["event_types"]?.array?.compactMap(\.string) == ["complaint.*", "webhook.disabled"])

        let read = try service.request("GET", "/v1/webhooks/\(id)", key: service.adminKey)
        #expect(read.status == 200 && read.header("ETag") == "\"1\"")
        #expect(try read.json()["secret"] == nil)
        #expect(try read.json()["description"]?.string == "CRM")
        let list = try service.request("GET", "/v1/webhooks", key: service.adminKey).json()
        #expect(list["data"]?.array?.count == 1 && list["data"]?[0]?["secret"] == nil)

        let stale = try service.request(
            "PATCH", "/v1/webhooks/\(id)", key: service.adminKey, json: #"{"active":false}"#,
            headers: [("If-Match", "\"7\""), ("Content-Type", "application/merge-patch+json")])
        #expect(stale.status == 412)
        let changed = try service.request(
            "PATCH", "/v1/webhooks/\(id)", key: service.adminKey,
            json: #"{"active":false,"event_types":["complaint.created"],"description":null}"#,
            headers: [("If-Match", "\"1\""), ("Content-Type", "application/merge-patch+json")])
        #expect(changed.status == 200)
        #expect(changed.header("ETag") == "\"2\"")
        let after = try changed.json()
        #expect(after["active"]?.bool == false)
        #expect(after["description"]?.string == "")
        #expect(after["event_types"]?.array?.compactMap(\.string) == ["complaint.created"])
        #expect(after["url"]?.string == "http://hooks.example.com/redress?team=a")

        #expect(try service.request("DELETE", "/v1/webhooks/\(id)", key: service.adminKey).status == 204)
        #expect(try service.request("GET", "/v1/webhooks/\(id)", key: service.adminKey).status == 404)
        #expect(try service.request("DELETE", "/v1/webhooks/\(id)", key: service.adminKey).status == 404)
    }

    @Test func theSecretIsShownOnceAndReachesNeitherTheDatabaseNorItsBackup() throws {
        let service = try TestService()
        let body = #"{"url":"http://hooks.example.com/","event_types":["*"]}"#
        let created = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey, json: body, headers: [("Idempotency-Key", "hook-1")])
        let secret = try #require(try created.json()["secret"]?.string)
        let retry = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey, json: body, headers: [("Idempotency-Key", "hook-1")])
        #expect(retry.body == created.body)
        #expect(try service.request("GET", "/v1/webhooks", key: service.adminKey).json()["data"]?.array?.count == 1)

        let path = service.database.configuration.path
        let backup = service.directory.appendingPathComponent("backup.sqlite").path
        try service.database.backup(to: backup)
        for file in [path, path + "-wal", backup] where FileManager.default.fileExists(atPath: file) {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(bytes.firstRange(of: Array(secret.utf8)) == nil, "\(file) holds the secret")
        }
        let keyFile = path + ".key"
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyFile)).count == 32)
    }

    @Test(arguments: [
        (#"{"url":"ftp://hooks.example.com/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://user:pw@hooks.example.com/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://127.0.0.1:9000/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://localhost/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://169.254.169.254/latest/meta-data/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://10.0.0.8/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://[::1]/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://[fd00::1]/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://100.64.1.1/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://2130706433/","event_types":["*"]}"#, "url"),
        (#"{"url":"http://hooks.example.com/\r\nX-Injected: 1","event_types":["*"]}"#, "url"),
        (#"{"url":"http://hooks.example.com/ x","event_types":["*"]}"#, "url"),
        (#"{"url":"http://hooks.example.com/'; DROP TABLE webhooks;--","event_types":["*"]}"#, "url"),
        (#"{"event_types":["*"]}"#, "url"),
        (#"{"url":"http://hooks.example.com/"}"#, "event_types"),
        (#"{"url":"http://hooks.example.com/","event_types":[]}"#, "event_types"),
        (#"{"url":"http://hooks.example.com/","event_types":["complaint.*","complaint.*"]}"#, "event_types"),
        (#"{"url":"http://hooks.example.com/","event_types":["order.created"]}"#, "event_types[0]"),
        (#"{"url":"http://hooks.example.com/","event_types":["complaint.created","*.x"]}"#, "event_types[1]"),
        (#"{"url":"http://hooks.example.com/","event_types":"*"}"#, "event_types"),
        (#"{"url":"http://hooks.example.com/","event_types":["*"],"active":"yes"}"#, "active"),
        (#"{"url":"http://hooks.example.com/","event_types":["*"],"secret":"mine"}"#, "secret"),
        (#"{"url":"http://hooks.example.com/","event_types":["*"],"description":"a\u0007b"}"#, "description"),
    ])
    func badInputIsRefusedWith422NamingTheFieldAndNothingIsCreated(_ body: String, _ field: String) throws {
        let service = try TestService()
        let response = try service.request("POST", "/v1/webhooks", key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string }.contains(field) == true)
        #expect(
            try service.request("GET", "/v1/webhooks", key: service.adminKey).json()["data"]?.array?.isEmpty == true)
    }

    @Test func oversizeInputIsRefused() throws {
        let service = try TestService()
        let longURL = "http://hooks.example.com/" + String(repeating: "a", count: 2100)
        let long = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey, json: #"{"url":"\#(longURL)","event_types":["*"]}"#)
        #expect(long.status == 422)
        let types = (0..<51).map { #""complaint.t\#($0)""# }.joined(separator: ",")
        let many = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey,
            json: #"{"url":"http://hooks.example.com/","event_types":[\#(types)]}"#)
        #expect(many.status == 422)
        let description = String(repeating: "描", count: 501)
        let wordy = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey,
            json: #"{"url":"http://hooks.example.com/","event_types":["*"],"description":"\#(description)"}"#)
        #expect(wordy.status == 422)
        let notJSON = try service.request(
            "POST", "/v1/webhooks", key: service.adminKey, json: "{", headers: [("Content-Type", "application/json")])
        #expect(notJSON.status == 400)
        #expect(
            try service.request("GET", "/v1/webhooks", key: service.adminKey).json()["data"]?.array?.isEmpty == true)
    }

    @Test func aPatchThatBreaksARuleChangesNothing() throws {
        let service = try TestService()
        let id = try service.webhook("http://hooks.example.com/")
        for body in [
            #"{"url":"http://192.168.0.1/"}"#, #"{"url":null}"#, #"{"event_types":[]}"#, #"{"active":null}"#,
            #"{"colour":"red"}"#,
        ] {
            let response = try service.request(
                "PATCH", "/v1/webhooks/\(id.id)", key: service.adminKey, json: body,
                headers: [("Content-Type", "application/merge-patch+json")])
            #expect(response.status == 422, "\(body): \(response.text)")
        }
        let webhook = try service.webhookJSON(id.id)
        #expect(webhook["version"]?.int == 1)
        #expect(webhook["url"]?.string == "http://hooks.example.com/")
        #expect(
            try service.request("PATCH", "/v1/webhooks/99", key: service.adminKey, json: #"{"active":true}"#).status
                == 404)
        #expect(try service.request("GET", "/v1/webhooks/abc", key: service.adminKey).status == 404)
    }

    @Test func everyWebhookAndOutboxRouteNeedsTheAdminRole() throws {
        let service = try TestService()
        let id = try service.webhook("http://hooks.example.com/").id
        let routes: [(String, String, String?)] = [
            ("POST", "/v1/webhooks", #"{"url":"http://hooks.example.com/","event_types":["*"]}"#),
            ("GET", "/v1/webhooks", nil), ("GET", "/v1/webhooks/\(id)", nil),
            ("PATCH", "/v1/webhooks/\(id)", #"{"active":false}"#), ("DELETE", "/v1/webhooks/\(id)", nil),
            ("POST", "/v1/webhooks/\(id)/ping", nil), ("GET", "/v1/webhooks/\(id)/deliveries", nil),
            ("POST", "/v1/webhooks/\(id)/deliveries/1/redeliver", nil), ("GET", "/v1/outbox", nil),
        ]
        for role in [Role.intake, .agent, .supervisor] {
            let key = try service.key(role)
            for (method, path, body) in routes {
                #expect(
                    try service.request(method, path, key: key, json: body).status == 403, "\(role) \(method) \(path)")
            }
        }
        for (method, path, body) in routes {
            #expect(try service.request(method, path, json: body).status == 401, "\(method) \(path)")
        }
        let webhook = try service.webhookJSON(id)
        #expect(webhook["active"]?.bool == true && webhook["version"]?.int == 1)
    }

    @Test func theOutboxAndDeliveryListsReadTheirQueryStrictly() throws {
        let service = try TestService()
        let id = try service.webhook("http://hooks.example.com/").id
        for path in [
            "/v1/outbox?state=delivered", "/v1/outbox?state=lost", "/v1/outbox?limit=0", "/v1/outbox?cursor=x",
            "/v1/outbox?colour=red", "/v1/webhooks/\(id)/deliveries?limit=500",
            "/v1/webhooks/\(id)/deliveries?cursor=-1",
        ] {
            #expect(try service.request("GET", path, key: service.adminKey).status == 400, "\(path)")
        }
        #expect(try service.request("GET", "/v1/webhooks/99/deliveries", key: service.adminKey).status == 404)
        #expect(
            try service.request("POST", "/v1/webhooks/\(id)/deliveries/abc/redeliver", key: service.adminKey).status
                == 404)
        #expect(try service.request("POST", "/v1/webhooks/99/ping", key: service.adminKey).status == 404)
    }
}
