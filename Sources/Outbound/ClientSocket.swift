import Glibc

/// A non-blocking TCP socket to one address, every wait on it bounded by a deadline: the plain
/// transport, and the one TLS runs over.
final class ClientSocket: Transport {
    let descriptor: Int32
    /// The peer's address as text, such as `127.0.0.1:8080` or `[::1]:443`.
    let peer: String

    /// Connects to `address`, waiting until `deadline` at most.
    init(address: ResolvedAddress, deadline: ContinuousClock.Instant) throws(OutboundError) {
        let fd = socket(
            Int32(address.family),
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw OutboundError(.connection, "cannot open a socket: \(Self.errorText(errno))") }
        descriptor = fd
        peer = address.text
        var storage = address.storage
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if result != 0 {
            let code = errno
            guard code == EINPROGRESS || code == EINTR else {
                throw OutboundError(.connection, "cannot connect to \(peer): \(Self.errorText(code))")
            }
            try wait(for: Int16(POLLOUT), until: deadline, doing: "connecting to \(peer)")
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                throw OutboundError(.connection, "cannot connect to \(peer): \(Self.errorText(error))")
            }
        }
    }

    deinit { close(descriptor) }

    /// Connects to the first address `host` resolves to that accepts and, unless `allowPrivate`,
    /// that `AddressPolicy` allows (judged again on the address the kernel reports connected).
    static func connect(
        host: String, port: Int, allowPrivate: Bool, deadline: ContinuousClock.Instant
    ) throws(OutboundError) -> ClientSocket {
        let addresses = try ResolvedAddress.resolve(host, port: port)
        var lastError = OutboundError(.resolution, "\(host) has no address")
        for address in addresses {
            if !allowPrivate, let refusal = address.refusal {
                lastError = OutboundError(.refusedAddress, "refused address \(address.text) (\(refusal))")
                continue
            }
            do throws(OutboundError) {
                let socket = try ClientSocket(address: address, deadline: deadline)
                // The address actually connected to is judged again, as the kernel reports it.
                if !allowPrivate, let connected = socket.connectedAddress(), let refusal = connected.refusal {
                    throw OutboundError(.refusedAddress, "refused address \(connected.text) (\(refusal))")
                }
                return socket
            } catch {
                if error.kind == .timeout { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// The address the socket is connected to, as the kernel reports it.
    func connectedAddress() -> ResolvedAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        return result == 0 ? ResolvedAddress(storage: storage, length: length) : nil
    }

    /// Writes all of `bytes` by `deadline`.
    func write(_ bytes: [UInt8], before deadline: ContinuousClock.Instant) throws(OutboundError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            let code = errno
            guard sent < 0, code == EAGAIN || code == EWOULDBLOCK || code == EINTR else {
                throw OutboundError(.connection, "sending to \(peer) failed: \(Self.errorText(code))")
            }
            try wait(for: Int16(POLLOUT), until: deadline, doing: "sending the request")
        }
    }

    /// Reads what has arrived, up to `count` bytes, waiting for some until `deadline`; empty at
    /// the end of the stream.
    func read(upTo count: Int, before deadline: ContinuousClock.Instant) throws(OutboundError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received >= 0 { return Array(buffer[..<received]) }
            let code = errno
            guard code == EAGAIN || code == EWOULDBLOCK || code == EINTR else {
                throw OutboundError(.connection, "reading from \(peer) failed: \(Self.errorText(code))")
            }
            try wait(for: Int16(POLLIN), until: deadline, doing: "waiting for the response")
        }
    }

    /// Waits until the socket is ready for `events`, or throws a timeout saying `what` was under way.
    func wait(
        for events: Int16, until deadline: ContinuousClock.Instant, doing what: String
    )
        throws(OutboundError)
    {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw OutboundError(.timeout, "timed out \(what)") }
            let milliseconds = Int32(
                clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw OutboundError(.connection, "poll failed: \(Self.errorText(errno))")
            }
        }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// One address a host name resolved to, as a socket address and as text.
struct ResolvedAddress {
    var storage: sockaddr_storage
    var length: socklen_t

    var family: sa_family_t { storage.ss_family }

    /// Why the policy refuses this address, or nil.
    var refusal: String? {
        var copy = storage
        switch Int32(family) {
        case AF_INET:
            let address = withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            }
            return AddressPolicy.refusal(ipv4: UInt32(bigEndian: address))
        case AF_INET6:
            let bytes = withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
            }
            return AddressPolicy.refusal(ipv6: bytes)
        default:
            return "not an internet address"
        }
    }

    /// `192.0.2.1:80` or `[2001:db8::1]:443`.
    var text: String {
        var copy = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(family) {
        case AF_INET:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin_addr
                    inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                    return "\(Self.text(of: buffer)):\(UInt16(bigEndian: pointer.pointee.sin_port))"
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin6_addr
                    inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                    return "[\(Self.text(of: buffer))]:\(UInt16(bigEndian: pointer.pointee.sin6_port))"
                }
            }
        default:
            return "?"
        }
    }

    /// A NUL-terminated C string in `buffer` as text.
    private static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The TCP addresses `host` resolves to for `port`.
    static func resolve(_ host: String, port: Int) throws(OutboundError) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else {
            throw OutboundError(.resolution, "cannot resolve \(host): \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr,
                Int(current.pointee.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size
            {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(
                        from: UnsafeRawBufferPointer(start: address, count: Int(current.pointee.ai_addrlen)))
                }
                addresses.append(ResolvedAddress(storage: storage, length: current.pointee.ai_addrlen))
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }
}
