import RedressDomain
import Synchronization

/// Failed sign-ins, slowed without letting a stranger lock anybody out.
///
/// - Per client address, a hard limit: more than 10 failures within 15 minutes, and further
///   attempts from that address are refused (429) until the oldest failure leaves the window.
/// - Per account (the e-mail address tried, whether or not a user has it, so that the answer tells
///   nothing), a growing wait: from the 3rd failure within 15 minutes, an address that has itself
///   failed for that account must wait 1 s after the last failure, then 2, 4 … up to 5 minutes.
///   An address with no failure for the account is not held back: the account's owner, signing in
///   from their own machine, gets in whatever others try elsewhere.
///
/// A guesser thus gets at most 10 tries per address per quarter hour, and against one account
/// only a first try from each new address before the waits apply. Successes clear nothing, so a
/// guesser cannot reset a count by signing in to an account of their own. The counts live in this
/// process's memory and start empty when it starts.
final class LoginAttempts: Sendable {
    /// Failures allowed per address within the window.
    static let addressLimit = 10
    /// How long a failure counts: 15 minutes, in seconds.
    static let window: Int64 = 15 * 60
    /// Failures of an account within the window before waits begin.
    static let accountFreeFailures = 2
    /// The longest wait, in seconds.
    static let longestWait: Int64 = 300
    /// The most addresses, accounts, and address-account pairs remembered at once.
    static let capacity = 10_000

    private struct State {
        var addresses = FailureLog(limit: addressLimit, window: window, capacity: capacity)
        /// An account's recent failures (the last 32 are enough to reach the longest wait).
        var accounts = FailureLog(limit: 32, window: window, capacity: capacity)
        /// Whether an address failed for an account within the window: a limit of one.
        var pairs = FailureLog(limit: 1, window: window, capacity: capacity)
    }

    private let state = Mutex(State())

    /// Empty counts.
    init() {}

    /// Seconds until an attempt from `address` for `account` will be heard, or nil when it will be now.
    func retryAfter(address: String, account: String, now: Instant) -> Int64? {
        state.withLock { state -> Int64? in
            if let reopening = state.addresses.reopening(of: address, now: now) {
                return max(1, reopening.seconds - now.seconds)
            }
            guard state.pairs.reopening(of: Self.pair(address, account), now: now) != nil else { return nil }
            let failures = state.accounts.recent(of: account, now: now)
            guard failures.count > Self.accountFreeFailures, let last = failures.last else { return nil }
            let wait = min(Self.longestWait, Int64(1) << min(20, failures.count - Self.accountFreeFailures - 1))
            let until = last.seconds + wait
            return until > now.seconds ? until - now.seconds : nil
        }
    }

    /// Counts a failed attempt from `address` for `account` at `now`.
    func recordFailure(address: String, account: String, now: Instant) {
        state.withLock { state in
            state.addresses.record(address, now: now)
            state.accounts.record(account, now: now)
            state.pairs.record(Self.pair(address, account), now: now)
        }
    }

    private static func pair(_ address: String, _ account: String) -> String {
        address + " " + account
    }
}
