import RedressDomain
import Synchronization

/// Failed tracking lookups, against guessing codes: more than `limit` failures for one case number,
/// or from one client address, within `window`, and further attempts are refused (429) until the
/// oldest failure leaves the window. Successful lookups do not count, and do not clear earlier
/// failures, so that a client cannot reset its address's count by looking up its own complaint.
///
/// The limit is per process: the counts live in memory, start empty when the service starts, and
/// are not shared between processes serving the same database.
final class TrackingAttempts: Sendable {
    /// Failures allowed per number or address within the window.
    static let limit = 10
    /// How long a failure counts: 15 minutes, in seconds.
    static let window: Int64 = 15 * 60
    /// The most numbers, and the most addresses, remembered at once (each at most `limit` instants).
    static let capacity = 10_000

    private struct Logs {
        var numbers = FailureLog(limit: TrackingAttempts.limit, window: TrackingAttempts.window,
                                 capacity: TrackingAttempts.capacity)
        var addresses = FailureLog(limit: TrackingAttempts.limit, window: TrackingAttempts.window,
                                   capacity: TrackingAttempts.capacity)
    }

    private let logs = Mutex(Logs())

    /// Empty counts.
    init() {}

    /// Seconds until an attempt on `number` from `address` will be heard, or nil when it will be
    /// now. A `number` that is not a case number has no count of its own.
    func retryAfter(number: CaseNumber?, address: String, now: Instant) -> Int64? {
        let reopenings = logs.withLock { logs in
            [number.flatMap { logs.numbers.reopening(of: $0.description, now: now) },
             logs.addresses.reopening(of: address, now: now)].compactMap { $0 }
        }
        return reopenings.max().map { max(1, $0.seconds - now.seconds) }
    }

    /// Counts a failed attempt on `number` from `address` at `now`.
    func recordFailure(number: CaseNumber?, address: String, now: Instant) {
        logs.withLock { logs in
            if let number { logs.numbers.record(number.description, now: now) }
            logs.addresses.record(address, now: now)
        }
    }
}
