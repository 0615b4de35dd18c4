import Foundation
import Glibc
import Synchronization

/// A webhook receiver for tests, on a real socket at 127.0.0.1 and a port of its own: it reads
/// each request whole (head and `Content-Length` body), keeps it, and answers as `behaviour`
/// says, well or with hostility.
public final class WebhookReceiver: Sendable {
    /// How to answer one request.
    public enum Behaviour: Sendable {
        /// A response with this status and an empty body.
        case status(Int)
        /// A redirect to `location`.
        case redirect(Int, location: String)
        /// Nothing: the connection stays open and silent until the receiver stops.
        case silent
        /// A valid `200` response, one byte a second.
        case trickle
        /// A `200` head announcing a gigabyte, then zeros as fast as they are taken.
        case huge
        /// These bytes, then the connection closed.
        case raw(String)
        /// `200` after this many milliseconds.
        case slow(milliseconds: Int)
    }

    /// A request as it arrived.
    public struct Request: Sendable {
        public let method: String
        public let target: String
        public let headers: [(String, String)]
        public let body: [UInt8]
        /// When it was read whole.
        public let at: Date

        /// The first value of a header, compared without regard to case.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public let port: Int
    private let listener: Int32
    private let behaviour: @Sendable (Request, Int) -> Behaviour
    private let state = Mutex<(requests: [Request], open: [Int32], stopped: Bool)>(([], [], false))

    /// Listens, and answers the `n`-th request (from 0) as `behaviour(request, n)` says.
    public init(behaviour: @escaping @Sendable (Request, Int) -> Behaviour = { _, _ in .status(200) }) throws {
        self.behaviour = behaviour
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 64) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        guard bound else { throw TestClient.Failure(description: "receiver cannot listen: \(errno)") }
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    /// Every request received so far, in order of arrival.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops accepting and closes every connection still open.
    public func stop() {
        let open = state.withLock { state -> [Int32] in
            guard !state.stopped else { return [] }
            state.stopped = true
            return state.open
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func acceptLoop() {
        while !isStopped {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                break
            }
            state.withLock { $0.open.append(connection) }
            Thread { [self] in serve(connection) }.start()
        }
        close(listener)
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { $0.open.removeAll { $0 == connection } }
            close(connection)
        }
        guard let request = read(connection) else { return }
        let index = state.withLock { state -> Int in
            state.requests.append(request)
            return state.requests.count - 1
        }
        switch behaviour(request, index) {
        case .status(let code):
            write(connection, "HTTP/1.1 \(code) Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        case .redirect(let code, let location):
            write(connection, "HTTP/1.1 \(code) Moved\r\nLocation: \(location)\r\nContent-Length: 0\r\n\r\n")
        case .silent:
            while !isStopped { usleep(50_000) }
        case .trickle:
            for byte in "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8 where !isStopped {
                guard write(connection, [byte]) else { return }
                sleep(1)
            }
        case .huge:
            guard write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n") else { return }
            let zeros = [UInt8](repeating: 0x30, count: 64 * 1024)
            while !isStopped && write(connection, zeros) {}
        case .raw(let text):
            write(connection, text)
        case .slow(let milliseconds):
            usleep(UInt32(milliseconds) * 1000)
            write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        }
    }

    /// Reads one request: the head, then as many body bytes as `Content-Length` says.
    private func read(_ connection: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var headEnd: Int?
        var bodyLength = 0
        while true {
            if headEnd == nil, let end = buffer.firstRange(of: Array("\r\n\r\n".utf8))?.lowerBound {
                headEnd = end
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst()
                where line.lowercased().hasPrefix("content-length:") {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headEnd, buffer.count >= headEnd + 4 + bodyLength {
                let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).split(separator: "\r\n").map(
                    String.init)
                let requestLine = lines.first?.split(separator: " ").map(String.init) ?? []
                let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (
                        String(line[..<colon]),
                        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    )
                }
                return Request(
                    method: requestLine.first ?? "", target: requestLine.count > 1 ? requestLine[1] : "",
                    headers: headers, body: Array(buffer[(headEnd + 4)..<(headEnd + 4 + bodyLength)]), at: Date())
            }
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    @discardableResult
    private func write(_ connection: Int32, _ text: String) -> Bool {
        write(connection, Array(text.utf8))
    }

    @discardableResult
    private func write(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
