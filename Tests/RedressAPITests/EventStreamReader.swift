import Foundation
import HTTP
import JSON
import Synchronization
import TestClient

/// A client of `GET /v1/events/stream` that reads server-sent events one at a time as they arrive.
final class EventStreamReader {
    /// One server-sent event, or a comment line such as a heartbeat.
    struct Message {
        var id: String?
        var event: String?
        var data: String?
        var comment: String?

        /// The data as JSON.
        var json: JSONValue? { data.flatMap { try? JSONParser.parse(Array($0.utf8)) } }
    }

    /// The response head.
    let head: TestClient.Response
    private let client: TestClient
    private var text = ""

    /// Opens the stream with `key`, resuming after `lastEventID` when given.
    init(_ service: TestService, key: String, query: String = "", lastEventID: String? = nil) throws {
        client = try TestClient(port: service.port)
        var request = "GET /v1/events/stream\(query) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(key)\r\n"
        if let lastEventID { request += "Last-Event-ID: \(lastEventID)\r\n" }
        try client.send(request + "\r\n")
        head = try client.readHead()
    }

    /// The next message; nil when the stream has ended.
    func next() throws -> Message? {
        while true {
            if let end = text.range(of: "\n\n") {
                let block = text[..<end.lowerBound]
                text.removeSubrange(..<end.upperBound)
                return Self.message(block)
            }
            guard let chunk = try client.readChunk() else { return nil }
            text += String(decoding: chunk, as: UTF8.self)
        }
    }

    /// The next `count` events, skipping heartbeats.
    func events(_ count: Int) throws -> [Message] {
        var events: [Message] = []
        while events.count < count {
            guard let message = try next() else {
                throw TestClient.Failure(description: "the stream ended after \(events.count) events")
            }
            if message.comment == nil { events.append(message) }
        }
        return events
    }

    private static func message(_ block: Substring) -> Message {
        var message = Message()
        for line in block.split(separator: "\n") {
            if line.hasPrefix(":") {
                message.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
                continue
            }
            let parts = line.split(separator: ":", maxSplits: 1)
            let value = parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""
            switch parts[0] {
            case "id": message.id = value
            case "event": message.event = value
            case "data": message.data = value
            default: break
            }
        }
        return message
    }
}

/// A `ResponseBodyWriter` that takes nothing while `isFull`, as a connection above its high-water
/// mark does, and keeps what it took.
final class FillingWriter: ResponseBodyWriter {
    private struct State {
        var isFull = true
        var taken: [[UInt8]] = []
        var declined = 0
        var handlers: [@Sendable () -> Void] = []
        var isOpen = true
    }

    private let state = Mutex(State())

    func write(_ bytes: [UInt8]) -> Bool { offer(bytes) }

    func offer(_ bytes: [UInt8]) -> Bool {
        state.withLock { state in
            guard state.isOpen, !state.isFull else {
                state.declined += 1
                return false
            }
            state.taken.append(bytes)
            return true
        }
    }

    var isOpen: Bool { state.withLock { $0.isOpen } }

    func finish() {
        let handlers = state.withLock { state in
            defer { state.handlers = [] }
            state.isOpen = false
            return state.handlers
        }
        handlers.forEach { $0() }
    }

    func onClose(_ handler: @escaping @Sendable () -> Void) {
        let closed = state.withLock { state in
            if state.isOpen { state.handlers.append(handler) }
            return !state.isOpen
        }
        if closed { handler() }
    }

    /// Whether offers are declined.
    var isFull: Bool {
        get { state.withLock { $0.isFull } }
        set { state.withLock { $0.isFull = newValue } }
    }

    /// How many offers were declined.
    var declined: Int { state.withLock { $0.declined } }

    /// The ids of the events taken, in order, heartbeats left out.
    var takenIDs: [Int64] {
        state.withLock { $0.taken }.compactMap { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.hasPrefix("id: ") else { return nil }
            return Int64(text.dropFirst(4).prefix { $0 != "\n" })
        }
    }
}

/// Waits, up to 10 seconds, until `condition` holds; whether it did.
func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
