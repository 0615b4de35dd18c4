/// Which addresses a webhook may not reach unless private receivers are allowed
/// (`REDRESS_WEBHOOK_ALLOW_PRIVATE`): this machine, private networks, link-local addresses (the
/// cloud metadata service at 169.254.169.254 among them), carrier-grade NAT, multicast and the
/// unspecified and reserved ranges. A receiver URL could otherwise make the service reach into
/// the network it runs in (server-side request forgery). Checked on the address actually
/// connected to, so a name that resolves to such an address is refused too.
public enum AddressPolicy {
    /// Why an IPv4 address (host order) is refused, or nil when it is allowed.
    public static func refusal(ipv4 address: UInt32) -> String? {
        func within(_ network: UInt32, _ bits: UInt32) -> Bool {
            bits == 0 || address >> (32 - bits) == network >> (32 - bits)
        }
        if within(0x0000_0000, 8) { return "unspecified" }  // 0.0.0.0/8, "this network"
        if within(0x7F00_0000, 8) { return "loopback" }  // 127/8
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) {
            return "private"  // RFC 1918
        }
        if within(0xA9FE_0000, 16) { return "link-local" }  // 169.254/16, cloud metadata
        if within(0x6440_0000, 10) { return "shared (carrier-grade NAT)" }  // 100.64/10, RFC 6598
        if within(0xC000_0000, 24) { return "reserved" }  // 192.0.0/24, IETF protocol assignments
        if within(0xC612_0000, 15) { return "reserved" }  // 198.18/15, benchmarking
        if within(0xE000_0000, 4) { return "multicast" }  // 224/4
        if within(0xF000_0000, 4) { return "reserved" }  // 240/4 and the broadcast address
        return nil
    }

    /// Why an IPv6 address (16 bytes, network order) is refused, or nil when it is allowed. An
    /// IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible or NAT64 (`64:ff9b::/96`) address is
    /// judged by the IPv4 address it carries.
    public static func refusal(ipv6 bytes: [UInt8]) -> String? {
        precondition(bytes.count == 16, "an IPv6 address has 16 bytes")
        let embedded = UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15])
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 0 ? "unspecified" : bytes[15] == 1 ? "loopback" : "reserved"
        }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return refusal(ipv4: embedded)
        }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return refusal(ipv4: embedded) }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return refusal(ipv4: embedded) }
        if bytes[0] & 0xFE == 0xFC { return "private" }  // fc00::/7, unique local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return "link-local" }  // fe80::/10
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return "private" }  // fec0::/10, site-local
        if bytes[0] == 0xFF { return "multicast" }  // ff00::/8
        return nil
    }
}
