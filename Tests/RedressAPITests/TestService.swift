import Foundation
import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore
import Synchronization
import TestClient
@testable import RedressAPI

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Instant>

    init(_ start: Instant = Instant(rfc3339: "2026-11-22T05:40:17Z")!) {
        current = Mutex(start)
    }

    var now: Instant { current.withLock { $0 } }

    func advance(hours: Double) {
        current.withLock { $0 = $0.adding(hours: hours) }
    }

    func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    var clock: Clock { Clock { self.now } }
}

/// The whole service on a port-0 socket over its own database file, as in production but for the clock.
final class TestService {
    private let scratch: TestDirectory
    /// The test's own directory, holding the database; removed when the service is released.
    var directory: URL { scratch.url }
    let database: Database
    let server: HTTPServer
    let clock: ManualClock
    let runtime: Runtime
    /// The bootstrap admin key.
    let adminKey: String

    init(timeZone: String = "UTC", configure: (inout Configuration) -> Void = { _ in }) throws {
        scratch = try TestDirectory(prefix: "redress-api")
        var configuration = Configuration()
        configuration.databasePath = scratch.path("redress.sqlite")
        // A debug build takes seconds for the real 600,000 iterations; the hash's form is the same.
        configuration.passwordIterations = 1000
        configure(&configuration)
        var databaseConfiguration = DatabaseConfiguration(path: configuration.databasePath)
        databaseConfiguration.synchronous = .normal
        database = try Database(configuration: databaseConfiguration)
        clock = ManualClock()
        runtime = Runtime(
            log: Log(level: .warn), metrics: Metrics(), clock: clock.clock,
            zone: ZoneRules.system(timeZone)!)
        adminKey = try Casework(database: database).issueKey(name: "admin", role: .admin, now: clock.now).key
        var http = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        http.workerCount = 16
        server = HTTPServer(
            configuration: http,
            responder: Application(database: database, configuration: configuration, runtime: runtime),
            observer: ExchangeObserver(log: runtime.log, metrics: runtime.metrics))
        try server.start()
        runtime.attach(server)
    }

    deinit {
        server.shutdown(grace: .seconds(1))
        runtime.stopDeliveries()
        database.close()
    }

    var port: Int { server.localPort }

    /// One request on a new connection, with the key (if any) as a bearer token, from 127.0.0.1
    /// or another loopback `source` address.
    func request(
        _ method: String, _ target: String, key: String? = nil, json: String? = nil,
        headers: [(String, String)] = [], source: String? = nil
    ) throws -> TestClient.Response {
        var all = headers
        if let key { all.append(("Authorization", "Bearer \(key)")) }
        if json != nil, !all.contains(where: { $0.0 == "Content-Type" }) {
            all.append(("Content-Type", "application/json"))
        }
        return try TestClient(port: port, source: source).request(
            method, target, headers: all, body: json.map { Array($0.utf8) })
    }

    /// Creates a key with `role` through the API and returns it.
    func key(_ role: Role, name: String? = nil) throws -> String {
        let response = try request(
            "POST", "/v1/api-keys", key: adminKey,
            json: #"{"name":"\#(name ?? role.rawValue)","role":"\#(role.rawValue)"}"#)
        guard response.status == 201, let key = try response.json()["key"]?.string else {
            throw TestClient.Failure(description: "could not create a key: \(response.status) \(response.text)")
        }
        return key
    }
}

/// A complaint body with sensible defaults, as JSON text.
func complaintJSON(
    channel: String = "phone", title: String = "Washing machine leaks",
    description: String = "Water on the floor after every wash.", name: String = "王芳",
    phone: String? = "+86 138 0013 8000", email: String? = nil, subjectRef: String? = "WM-200",
    extra: String = ""
) -> String {
    let contact = [phone.map { #""phone":"\#($0)""# }, email.map { #""email":"\#($0)""# }].compactMap { $0 }.joined(
        separator: ",")
    let ref = subjectRef.map { #","ref":"\#($0)""# } ?? ""
    return
        #"{"channel":"\#(channel)","title":"\#(title)","description":"\#(description)","complainant":{"name":"\#(name)",\#(contact)},"subject":{"type":"product"\#(ref)}\#(extra)}"#
}

extension TestClient.Response {
    /// The body parsed as JSON.
    func json() throws -> JSONValue {
        try JSONParser.parse(body)
    }
}

extension JSONValue {
    /// The member of an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The element of an array.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var int: Int64? { if case .int(let number) = self { number } else { nil } }
    var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
}
