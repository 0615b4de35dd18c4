/// When a delivery that failed is tried again, and when it and its subscription are given up:
/// exponential backoff with jitter within a window from the delivery's creation, and a
/// subscription that has failed without a single success for `disableAfter` is disabled.
public struct RetryPolicy: Sendable, Equatable {
    /// The delay after the first failure; each later one doubles it.
    public var base: Int64
    /// The longest delay between two attempts.
    public var cap: Int64
    /// How long after its creation a delivery is still tried (24 hours by default).
    public var window: Int64
    /// How long a subscription may fail without a success before it is disabled (3 days).
    public var disableAfter: Int64

    /// A policy from its parts, in seconds.
    public init(base: Int64 = 10, cap: Int64 = 3600, window: Int64 = 24 * 3600, disableAfter: Int64 = 3 * 86_400) {
        self.base = base
        self.cap = cap
        self.window = window
        self.disableAfter = disableAfter
    }

    /// The delay after the `attempts`-th failed attempt (1 for the first): `base` doubled for each
    /// attempt before, at most `cap`, of which a random share of up to half is taken off (`jitter`
    /// in 0...1), so that deliveries failed together do not all come back together.
    public func delay(afterAttempts attempts: Int, jitter: Double) -> Int64 {
        let doublings = min(max(attempts - 1, 0), 30)
        let full = min(cap, base << Int64(doublings))
        let taken = Int64((Double(full) / 2 * min(max(jitter, 0), 1)).rounded(.down))
        return max(1, full - taken)
    }

    /// What becomes of a delivery whose attempt failed at `now`: tried again at the instant
    /// returned, or nil when that falls past its window (`expiresAt`), and it is given up.
    public func nextAttempt(
        afterAttempts attempts: Int, at now: Instant, expiresAt: Instant, jitter: Double
    ) -> Instant? {
        let next = now.adding(seconds: delay(afterAttempts: attempts, jitter: jitter))
        return next <= expiresAt ? next : nil
    }

    /// Whether a subscription failing since `failingSince` is disabled by a failure at `now`.
    public func disables(failingSince: Instant, at now: Instant) -> Bool {
        now.seconds - failingSince.seconds >= disableAfter
    }
}

/// How one attempt at a delivery ended, judged from the receiver's answer or the failure to get one.
public enum AttemptVerdict: Sendable, Equatable {
    /// A 2xx: delivered.
    case delivered
    /// 410 Gone: the receiver wants no more; the subscription is disabled and the delivery given up.
    case gone
    /// Anything else (another status, 3xx included since redirects are not followed, a timeout,
    /// a refused address, a connection that failed): tried again later.
    case failed

    /// The verdict on a response with `status`, or on no response (nil).
    public init(status: Int?) {
        switch status {
        case .some(200...299): self = .delivered
        case .some(410): self = .gone
        default: self = .failed
        }
    }
}
