extension TrustedProxies {
    /// The address of the client a request comes from. It is the peer, unless the peer is a
    /// trusted proxy: then it is the nearest address the proxies recorded that is not itself a
    /// trusted proxy, read right to left from `Forwarded` (RFC 7239 §5.2, its `for=` parameters)
    /// or, without that header, from `X-Forwarded-For`. Right to left, because a client can write
    /// anything before what its first proxy appends; entries from untrusted peers are ignored.
    public func clientAddress(of request: HTTPRequest) -> String {
        let peer = request.remoteAddress
        guard contains(peer) else { return peer }
        let recorded = Self.forwardedFor(request.headers)
        return recorded.last { !contains($0) } ?? recorded.first ?? peer
    }

    /// The addresses the proxies recorded, first proxy's first: every `for=` of every `Forwarded`
    /// field line, or every entry of every `X-Forwarded-For` line when there is no `Forwarded`.
    private static func forwardedFor(_ headers: HTTPHeaders) -> [String] {
        let forwarded = headers.values(of: "Forwarded")
        if !forwarded.isEmpty {
            return forwarded.flatMap { $0.split(separator: ",") }.compactMap { element in
                element.split(separator: ";").lazy.compactMap { pair -> String? in
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, parts[0].trimmingWhitespace.lowercased() == "for" else { return nil }
                    return address(in: parts[1].trimmingWhitespace)
                }.first
            }
        }
        return headers.values(of: "X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { address(in: $0.trimmingWhitespace) }
            .filter { !$0.isEmpty }
    }

    /// The address in a recorded node: without quotes, IPv6 brackets or a port
    /// (`"[2001:db8::1]:4711"` is `2001:db8::1`, `192.0.2.43:47011` is `192.0.2.43`).
    private static func address(in node: Substring) -> String {
        var text = node
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        if text.hasPrefix("[") {
            return String(text.dropFirst().prefix { $0 != "]" })
        }
        // One colon is an IPv4 address and port; more are an IPv6 address without brackets.
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return String(text)
    }
}
