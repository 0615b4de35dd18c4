import RedressDomain

/// One event on its way to one receiver: a row of the outbox.
public struct Delivery: Sendable, Equatable {
    /// Where a delivery stands.
    public enum State: String, Sendable, CaseIterable {
        /// Not yet delivered, and still tried.
        case pending
        /// A receiver acknowledged it.
        case delivered
        /// Given up: its retry window passed, its receiver answered 410, or its subscription was disabled.
        case failed
    }

    /// The stable id the receiver sees in `Redress-Delivery` on every attempt.
    public var id: Int64
    /// What carries it: `webhook`.
    public var kind: String
    public var webhookID: Int64?
    /// The complaint event it carries, if it carries one (a `ping` does not).
    public var eventSeq: Int64?
    public var eventType: String
    public var state: State
    public var attempts: Int
    public var createdAt: Instant
    /// When its retry window began: its creation, or its last redelivery.
    public var retryFrom: Instant
    /// When it is next due, while pending.
    public var nextAttemptAt: Instant
    public var lastAttemptAt: Instant?
    public var lastStatusCode: Int?
    public var lastError: String?
}

/// One attempt at a delivery, as recorded.
public struct DeliveryAttempt: Sendable, Equatable {
    /// 1 for the first attempt.
    public var number: Int
    public var at: Instant
    public var durationMilliseconds: Int
    /// `delivered`, `gone` (410) or `failed`.
    public var outcome: String
    /// The receiver's status code, when it answered.
    public var statusCode: Int?
    /// Why no acceptable answer came, in words.
    public var error: String?

    /// An attempt from its parts.
    public init(
        number: Int, at: Instant, durationMilliseconds: Int, outcome: String, statusCode: Int?, error: String?
    ) {
        self.number = number
        self.at = at
        self.durationMilliseconds = durationMilliseconds
        self.outcome = outcome
        self.statusCode = statusCode
        self.error = error
    }
}

/// A delivery due now, with what sending it needs.
public struct DueDelivery: Sendable {
    public var delivery: Delivery
    public var url: String
    public var sealedSecret: [UInt8]
    /// The complaint event it carries, read at the time it is sent.
    public var event: EventRecord?
    /// The body of a delivery that carries no complaint event.
    public var payload: [UInt8]?
}
