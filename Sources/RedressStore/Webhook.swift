import RedressDomain

/// A webhook subscription as stored: where events go, which ones, and its standing.
public struct Webhook: Sendable, Equatable {
    public var id: Int64
    /// The receiver's `http` or `https` URL.
    public var url: String
    /// The event-type patterns it receives (`complaint.*`), as written.
    public var eventTypes: [String]
    public var description: String
    /// Whether deliveries are made; false once disabled by an administrator or by its receiver.
    public var active: Bool
    /// The signing secret, sealed with the server key; never stored in plaintext.
    public var sealedSecret: [UInt8]
    /// Counts changes, for `ETag` and `If-Match`.
    public var version: Int
    public var createdAt: Instant
    public var updatedAt: Instant
    /// The first failed attempt since its last successful one, if it is failing.
    public var failingSince: Instant?
    /// Why the service disabled it (`gone`: the receiver answered 410; `failing`: it failed for
    /// too long), nil when an administrator did or it is active.
    public var disabledReason: String?
    public var disabledAt: Instant?

    /// A subscription from its parts.
    public init(
        id: Int64, url: String, eventTypes: [String], description: String, active: Bool, sealedSecret: [UInt8],
        version: Int, createdAt: Instant, updatedAt: Instant, failingSince: Instant? = nil,
        disabledReason: String? = nil, disabledAt: Instant? = nil
    ) {
        self.id = id
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.active = active
        self.sealedSecret = sealedSecret
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.failingSince = failingSince
        self.disabledReason = disabledReason
        self.disabledAt = disabledAt
    }
}
