import Glibc

/// A pthread condition variable: threads holding a `Lock` wait on it until another signals a change.
public final class Condition: @unchecked Sendable {
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// A new condition variable, whose timed waits count on the monotonic clock (a change of the
    /// wall clock neither shortens nor stretches them).
    public init() {
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    /// Releases `lock` (which the caller holds), sleeps until signalled, and takes `lock` again; wakeups may be spurious.
    public func wait(with lock: Lock) {
        pthread_cond_wait(condition, lock.mutex)
    }

    /// Like `wait(with:)`, but sleeps at most `timeout`; false when the time ran out.
    @discardableResult
    public func wait(with lock: Lock, timeout: Duration) -> Bool {
        guard timeout > .zero else { return false }
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(deadline.tv_nsec) + Int(attoseconds / 1_000_000_000)
        deadline.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        return pthread_cond_timedwait(condition, lock.mutex, &deadline) != ETIMEDOUT
    }

    /// Wakes one waiting thread.
    public func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiting thread.
    public func broadcast() { pthread_cond_broadcast(condition) }
}
