import RedressDomain
import Synchronization

/// Failed tracking lookups, against guessing codes: more than `limit` failures from one client
/// address within `window`, and further attempts from it are refused (429) until the oldest
/// failure leaves the window. Successful lookups do not count, and do not clear earlier failures,
/// so that a client cannot reset its address's count by looking up its own complaint.
///
/// Failures are never counted per case number: that would let anyone lock a customer out of
/// their own case by sending wrong codes for its number. A code has 60 bits, so guessing one
/// number's code at `limit` tries per address per window is hopeless however many addresses try.
///
/// The limit is per process: the counts live in memory, start empty when the service starts, and
/// are not shared between processes serving the same database.
final class TrackingAttempts: Sendable {
    /// Failures allowed per address within the window.
    static let limit = 10
    /// How long a failure counts: 15 minutes, in seconds.
    static let window: Int64 = 15 * 60
    /// The most addresses remembered at once (each at most `limit` instants).
    static let capacity = 10_000

    private let addresses = Mutex(
        FailureLog(
            limit: TrackingAttempts.limit, window: TrackingAttempts.window,
            capacity: TrackingAttempts.capacity))

    /// Empty counts.
    init() {}

    /// Seconds until an attempt from `address` will be heard, or nil when it will be now.
    func retryAfter(address: String, now: Instant) -> Int64? {
        addresses.withLock { $0.reopening(of: address, now: now) }.map { max(1, $0.seconds - now.seconds) }
    }

    /// Counts a failed attempt from `address` at `now`.
    func recordFailure(address: String, now: Instant) {
        addresses.withLock { $0.record(address, now: now) }
    }
}
