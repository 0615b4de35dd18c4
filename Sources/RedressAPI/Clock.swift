import Glibc
import RedressDomain

/// Where the service reads the time; tests pass their own to move it.
public struct Clock: Sendable {
    /// The current instant.
    public let now: @Sendable () -> Instant

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Instant) { self.now = now }

    /// The system's real-time clock.
    public static let system = Clock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(seconds: Int64(spec.tv_sec))
    }
}
