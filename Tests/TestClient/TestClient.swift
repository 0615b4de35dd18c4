import Foundation
import Glibc

/// A blocking HTTP/1.1 client over a plain TCP socket, for tests: it writes exactly the bytes it
/// is given and reads responses as the server framed them, so tests see the wire as it is.
public final class TestClient {
    /// A response as read off the wire.
    public struct Response: Sendable {
        public var status: Int
        public var reason: String
        /// Header fields in order, names as sent.
        public var headers: [(String, String)]
        public var body: [UInt8]

        /// The first value of a header, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why a read or write failed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        /// A failure saying `description`.
        public init(description: String) { self.description = description }
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// The `errno` of the last failed read, so that a reset can be told from a timeout.
    private var lastReceiveError: Int32 = 0

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds. A `receiveBuffer`
    /// (bytes) shrinks the socket's receive buffer before connecting, so a test can make the
    /// server meet a slow reader. A `source` (another loopback address, such as 127.0.0.2) is the
    /// address the server sees, so a test can speak as several clients.
    public init(port: Int, timeout: Double = 10, receiveBuffer: Int? = nil, source: String? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw Failure(description: "bind \(source): \(errno)") }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // Not closed here: every stored property is set, so `deinit` runs when this throws and
        // closes it. Closing it twice could close a descriptor another thread has been given
        // since, such as a socket a server in this process has just accepted.
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var interval = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Writes raw bytes.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure(description: "send: \(errno)") }
            offset += written
        }
    }

    /// Writes text as UTF-8.
    /// Closes the sending side (a half-close): the server reads the end of the request stream.
    public func finishSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Sends one request with the usual headers and reads its response.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + (body ?? []))
        return try readResponse(method: method)
    }

    /// Reads one response; `method` tells whether a body follows (none for HEAD).
    public func readResponse(method: String = "GET") throws -> Response {
        var response = try readHead()
        let status = response.status
        if method == "HEAD" || status < 200 || status == 204 || status == 304 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while let chunk = try readChunk() { response.body += chunk }
            return response
        }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            try fill(length)
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else {
            while (try? receive()) == true {}
            response.body = buffer
            buffer.removeAll()
        }
        return response
    }

    /// Reads a response's status line and header fields, leaving its body to be read, as a
    /// stream's chunks are with `readChunk()`.
    public func readHead() throws -> Response {
        let headEnd = try readUntil([13, 10, 13, 10])
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line: \(head)")
        }
        let headers = lines.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers, body: [])
    }

    /// Reads the next chunk of a chunked body as it arrives; nil after the last chunk.
    public func readChunk() throws -> [UInt8]? {
        let lineEnd = try readUntil([13, 10])
        let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self).split(separator: ";")[0]
        buffer.removeFirst(lineEnd + 2)
        guard let size = Int(sizeText, radix: 16) else { throw Failure(description: "bad chunk size \(sizeText)") }
        if size == 0 {
            _ = try readUntil([13, 10])
            buffer.removeFirst(2)
            return nil
        }
        try fill(size + 2)
        defer { buffer.removeFirst(size + 2) }
        return Array(buffer[..<size])
    }

    /// Whether the server has closed the connection (a read returns end of file, or the
    /// connection was reset) within the timeout; bytes that arrive first are discarded.
    public func isClosedByServer() -> Bool {
        while true {
            guard buffer.isEmpty else { buffer.removeAll(); continue }
            do {
                if try !receive() { return true }
            } catch {
                return lastReceiveError == ECONNRESET
            }
        }
    }

    /// Whether the server has already closed the connection, without waiting: an end of file or
    /// a reset is waiting to be read, behind no unread bytes.
    public func isAlreadyClosedByServer() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    /// Reads until the server closes the connection; returns every byte not yet read.
    public func readUntilClosed() throws -> [UInt8] {
        while try receive() {}
        defer { buffer.removeAll() }
        return buffer
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for start in searchFrom...(buffer.count - marker.count)
                where buffer[start..<start + marker.count].elementsEqual(marker) {
                    return start
                }
                searchFrom = buffer.count - marker.count + 1
            }
            guard try receive() else { throw Failure(description: "connection closed before \(marker)") }
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            guard try receive() else {
                throw Failure(description: "connection closed with \(buffer.count) of \(count) bytes")
            }
        }
    }

    /// Reads what is available into the client's buffer, for later reads to parse; false at end
    /// of file.
    @discardableResult
    public func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            lastReceiveError = errno
            throw Failure(description: "recv: \(lastReceiveError)")
        }
        buffer += chunk[..<count]
        return count > 0
    }
}
