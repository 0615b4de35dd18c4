/// Why an outbound request got no acceptable response; `description` is what the attempt records.
public struct OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        /// Every address the host has is one the policy refuses.
        case refusedAddress = "refused_address"
        /// The host name did not resolve.
        case resolution
        /// No connection could be made, or it failed while sending or reading.
        case connection
        /// The deadline passed before the response was complete.
        case timeout
        /// The response was not HTTP/1.1 as a server must send it.
        case malformedResponse = "malformed_response"
        /// The response was larger than the client reads.
        case tooLarge = "too_large"
        /// The TLS handshake failed, or the receiver's certificate was refused.
        case tls
    }

    public let kind: Kind
    public let description: String

    /// A failure of `kind`, said in `description`.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
