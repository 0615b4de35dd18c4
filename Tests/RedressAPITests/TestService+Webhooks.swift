import Foundation
import JSON
import TestClient
@testable import RedressAPI

extension TestService {
    /// A service whose webhooks may reach this machine, giving each receiver `timeout` seconds.
    static func forWebhooks(timeout: Int = 2, slots: Int = 4) throws -> TestService {
        try TestService { configuration in
            configuration.webhookAllowPrivate = true
            configuration.webhookTimeout = timeout
            configuration.outboxSlots = slots
        }
    }

    /// Creates a webhook through the API; its id and secret.
    func webhook(
        _ url: String, types: [String] = ["complaint.*"], description: String = ""
    ) throws -> (
        id: Int64, secret: String
    ) {
        let list = types.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try request(
            "POST", "/v1/webhooks", key: adminKey,
            json: #"{"url":"\#(url)","event_types":[\#(list)],"description":"\#(description)"}"#)
        let json = try response.json()
        guard response.status == 201, let id = json["id"]?.int, let secret = json["secret"]?.string else {
            throw TestClient.Failure(description: "could not create a webhook: \(response.status) \(response.text)")
        }
        return (id, secret)
    }

    /// Registers a complaint through the API; its id.
    @discardableResult
    func complaint(title: String = "Washing machine leaks") throws -> Int64 {
        let response = try request("POST", "/v1/complaints", key: adminKey, json: complaintJSON(title: title))
        guard response.status == 201, let id = try response.json()["id"]?.int else {
            throw TestClient.Failure(description: "could not register: \(response.status) \(response.text)")
        }
        return id
    }

    /// A webhook's deliveries, newest first, as the API lists them.
    func deliveries(of webhook: Int64) throws -> [JSONValue] {
        let response = try request("GET", "/v1/webhooks/\(webhook)/deliveries", key: adminKey)
        guard response.status == 200 else {
            throw TestClient.Failure(description: "deliveries: \(response.status) \(response.text)")
        }
        return try response.json()["data"]?.array ?? []
    }

    /// A webhook as the API returns it.
    func webhookJSON(_ id: Int64) throws -> JSONValue {
        try request("GET", "/v1/webhooks/\(id)", key: adminKey).json()
    }

    /// Moves the service's clock on and has the dispatcher look for due deliveries.
    func advance(seconds: Int64) {
        clock.advance(seconds: seconds)
        runtime.outbox.wake()
    }
}

/// Waits, up to `seconds`, until `condition` holds; whether it did.
func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
