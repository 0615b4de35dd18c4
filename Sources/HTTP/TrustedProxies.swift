import CSystem
import Glibc

/// The peers trusted as proxies or load balancers: IPv4 and IPv6 addresses and CIDR networks,
/// read from a comma-separated list such as `10.0.0.0/8, 192.0.2.7, 2001:db8::/32`.
///
/// An IPv4 address written as IPv4-mapped IPv6 (`::ffff:10.0.0.7`, how a dual-stack socket
/// names an IPv4 peer) is the same address as its IPv4 form, on either side of `contains`.
public struct TrustedProxies: Sendable, Equatable {
    /// An entry that is not an address or a network.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The entry as written.
        public let entry: String

        /// The entry and the forms an entry may take.
        public var description: String {
            "'\(entry)' is not an IPv4 or IPv6 address or CIDR network (such as 10.0.0.0/8 or 2001:db8::/32)"
        }
    }

    /// One network: the address's bytes (4 or 16) with the bits past `prefixLength` cleared.
    private struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            address.count == bytes.count && Self.masked(address, to: prefixLength) == bytes
        }

        static func masked(_ address: [UInt8], to prefixLength: Int) -> [UInt8] {
            address.enumerated().map { index, byte in
                let bits = min(8, max(0, prefixLength - index * 8))
                return bits == 8 ? byte : byte & ~(0xFF >> bits)
            }
        }
    }

    private var networks: [Network] = []

    /// No one is trusted.
    public init() {}

    /// The entries of a comma-separated list; blank entries are skipped.
    public init(parsing list: String) throws(ParseError) {
        for part in list.split(separator: ",") {
            let words = part.split(whereSeparator: \.isWhitespace)
            guard let first = words.first else { continue }
            let entry = String(first)
            guard words.count == 1 else { throw ParseError(entry: words.joined(separator: " ")) }
            let pieces = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let address = Self.bytes(of: String(pieces[0])) else { throw ParseError(entry: entry) }
            var prefixLength = address.count * 8
            if pieces.count == 2 {
                // An IPv4-mapped network counts its length over all 128 bits: ::ffff:10.0.0.0/104
                // is 10.0.0.0/8. It must keep to the mapped range (96 bits or more).
                let isMapped = pieces[0].contains(":") && address.count == 4
                // Digits only: `Int` would also take a sign.
                guard pieces[1].allSatisfy({ ("0"..."9").contains($0) }), let length = Int(pieces[1]),
                    length <= (isMapped ? 128 : prefixLength), !isMapped || length >= 96
                else {
                    throw ParseError(entry: entry)
                }
                prefixLength = isMapped ? length - 96 : length
            }
            networks.append(Network(bytes: Network.masked(address, to: prefixLength), prefixLength: prefixLength))
        }
    }

    /// Whether nobody is trusted.
    public var isEmpty: Bool { networks.isEmpty }

    /// Whether `address` (an IP address as text, as the server names its peers) is trusted.
    public func contains(_ address: String) -> Bool {
        guard !networks.isEmpty, let bytes = Self.bytes(of: address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The address's bytes: 4 for IPv4 and for IPv4-mapped IPv6, 16 for other IPv6; nil when
    /// `text` is neither.
    private static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        return bytes.prefix(12).elementsEqual(mapped) ? Array(bytes.suffix(4)) : bytes
    }
}
