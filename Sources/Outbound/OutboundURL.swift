import Glibc

/// A receiver's URL as the outbound client reads it: `http` or `https`, a host name or an IP
/// address, an optional port, and a path with an optional query. Credentials and fragments are
/// refused, as are spaces, control characters and non-ASCII text (an internationalised name is
/// written in its `xn--` form), so the request line and `Host` field are made from it as they are.
public struct OutboundURL: Sendable, Equatable, CustomStringConvertible {
    /// How the receiver is spoken to.
    public enum Scheme: String, Sendable {
        case http, https

        /// The port a URL without one uses.
        public var defaultPort: Int { self == .http ? 80 : 443 }
    }

    /// Why a text is no URL the client can use; `message` reads after the field's name.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The longest URL accepted.
    public static let maximumLength = 2048

    public let scheme: Scheme
    /// The host in lower case; an IPv6 address without its brackets.
    public let host: String
    /// Whether `host` is an IPv6 address (written in brackets).
    public let isIPv6: Bool
    public let port: Int
    /// The request target: the path (at least `/`) and the query.
    public let target: String
    /// The URL as given.
    public let text: String

    /// Reads `text`, or throws why it cannot be used.
    public init(parsing text: String) throws(Invalid) {
        guard text.utf8.count <= Self.maximumLength else {
            throw Invalid(message: "must be at most \(Self.maximumLength) characters")
        }
        guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Invalid(message: "must be ASCII without spaces or control characters (percent-encode the rest)")
        }
        guard let separator = text.firstRange(of: "://") else { throw Invalid(message: "must be an http or https URL") }
        guard let scheme = Scheme(rawValue: text[..<separator.lowerBound].lowercased()) else {
            throw Invalid(message: "must be an http or https URL")
        }
        guard !text.contains("#") else { throw Invalid(message: "must not have a fragment (#...)") }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else { throw Invalid(message: "must not carry credentials (user:password@)") }
        var host: Substring
        var portText: Substring?
        var isIPv6 = false
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw Invalid(message: "has an unclosed [IPv6] host")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Invalid(message: "has text after its [IPv6] host") }
                portText = after.dropFirst()
            }
            var address = in6_addr()
            guard inet_pton(AF_INET6, String(host), &address) == 1 else {
                throw Invalid(message: "has an invalid IPv6 address")
            }
            isIPv6 = true
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        if !isIPv6, host.hasSuffix(".") { host = host.dropLast() }
        let lowered = host.lowercased()
        guard !lowered.isEmpty else { throw Invalid(message: "must name a host") }
        if !isIPv6 {
            let labels = lowered.split(separator: ".", omittingEmptySubsequences: false)
            guard lowered.utf8.count <= 253,
                labels.allSatisfy({ label in
                    (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.utf8.allSatisfy {
                            (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D
                        }
                })
            else { throw Invalid(message: "must name a host of letters, digits, hyphens and dots, or an IP address") }
        }
        var port = scheme.defaultPort
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                let number = Int(portText), (1...65535).contains(number)
            else { throw Invalid(message: "must have a port from 1 to 65535") }
            port = number
        }
        let target = rest[authorityEnd...]
        self.scheme = scheme
        self.host = lowered
        self.isIPv6 = isIPv6
        self.port = port
        self.target = target.hasPrefix("/") ? String(target) : "/" + target
        self.text = text
    }

    /// Whether the host is an IP address rather than a name.
    public var isAddress: Bool {
        var address = in_addr()
        return isIPv6 || inet_pton(AF_INET, host, &address) == 1
    }

    /// The `Host` field's value: the host, in brackets when IPv6, and the port unless it is the default.
    public var hostField: String {
        let name = isIPv6 ? "[\(host)]" : host
        return port == scheme.defaultPort ? name : "\(name):\(port)"
    }

    /// Why the host, written as an address or a name reserved for this machine, is refused
    /// unless private receivers are allowed (`AddressPolicy`); nil when it is a name to resolve or
    /// a public address. Written as IPv4, any form `inet_aton` reads counts (`127.1`,
    /// `0x7f.0.0.1`, `2130706433`), since the resolver reads them so too.
    public var refusedLiteral: String? {
        if host == "localhost" || host.hasSuffix(".localhost") { return "loopback" }
        if isIPv6 {
            var address = in6_addr()
            guard inet_pton(AF_INET6, host, &address) == 1 else { return nil }
            return AddressPolicy.refusal(ipv6: withUnsafeBytes(of: address) { Array($0) })
        }
        var address = in_addr()
        guard inet_aton(host, &address) != 0 else { return nil }
        return AddressPolicy.refusal(ipv4: UInt32(bigEndian: address.s_addr))
    }

    public var description: String { text }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
