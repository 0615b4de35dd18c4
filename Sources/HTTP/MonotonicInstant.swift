import Glibc

/// An instant of the system's monotonic clock (`CLOCK_MONOTONIC`): nanoseconds since its
/// origin, in a plain integer.
///
/// The event loops keep their time in it, and so do what they handle on every request: the
/// connection's protocol and response queue, each job and each exchange record.
/// `ContinuousClock.Instant` would do as well but for one thing: it comes from a library built
/// for evolution, so its layout is known only at run time, and every value holding one was
/// copied, compared and destroyed through value witnesses, with metadata looked up on the way.
struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// Nanoseconds since the clock's origin (some time before the system started).
    var nanoseconds: Int64

    /// The clock read now.
    static var now: MonotonicInstant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return MonotonicInstant(nanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    /// The time from this instant to `other` (negative when `other` is earlier).
    func duration(to other: MonotonicInstant) -> Duration {
        .nanoseconds(other.nanoseconds - nanoseconds)
    }

    static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// The time from `rhs` to `lhs`.
    static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        rhs.duration(to: lhs)
    }

    /// The instant `duration` after `instant`, to the nanosecond.
    static func + (instant: MonotonicInstant, duration: Duration) -> MonotonicInstant {
        let (seconds, attoseconds) = duration.components
        return MonotonicInstant(
            nanoseconds: instant.nanoseconds + seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
