import CSystem
import Glibc

/// The TCP socket calls the server makes, each through `systemCall`.
enum Socket {
    /// A listening, non-blocking socket bound to `host:port`, and the port it got.
    static func listen(host: String, port: Int, backlog: Int) throws(SystemError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let address = list else {
            throw SystemError(call: "getaddrinfo(\(host))", code: EINVAL)
        }
        defer { freeaddrinfo(list) }
        let fd = try systemCall("socket") {
            socket(
                address.pointee.ai_family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            try systemCall("bind") { bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) }
            try systemCall("listen") { Glibc.listen(fd, Int32(clamping: backlog)) }
            return (fd, try localPort(fd))
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket with its peer's address;
    /// nil when none is waiting.
    static func accept(_ listener: Int32) throws(SystemError) -> (fd: Int32, address: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                try nonBlockingSystemCall("accept4") {
                    accept4(listener, address, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
        }
        guard let fd else { return nil }
        return (fd, describe(storage))
    }

    /// Turns off Nagle's algorithm: responses are written whole, so delaying small segments
    /// only adds latency (pipelined answers, stream chunks).
    static func disableDelay(_ fd: Int32) {
        _ = try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// Whether bytes wait unread in the socket's receive buffer: a request this loop has not read
    /// yet, though the connection looks idle to it.
    static func hasUnreadInput(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        // nil when nothing waits (EAGAIN); 0 when the peer has closed, which is not a request.
        let peeked = try? nonBlockingSystemCall("recv") { recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) }
        return ((peeked ?? nil) ?? 0) > 0
    }

    /// The port a socket is bound to.
    static func localPort(_ fd: Int32) throws(SystemError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                _ = try systemCall("getsockname") { getsockname(fd, address, &length) }
            }
        }
        return Int(UInt16(bigEndian: withUnsafeBytes(of: storage) { $0.load(fromByteOffset: 2, as: UInt16.self) }))
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(SystemError) {
        var value = value
        try systemCall("setsockopt") { setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// The numeric host of an IPv4 or IPv6 address.
    private static func describe(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = Int32(storage.ss_family)
        withUnsafeMutableBytes(of: &storage) { raw in
            // sin_addr sits at offset 4 of sockaddr_in, sin6_addr at offset 8 of sockaddr_in6.
            let offset = family == AF_INET6 ? 8 : 4
            _ = inet_ntop(family, raw.baseAddress! + offset, &text, socklen_t(text.count))
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
