import Glibc

/// A pthread mutex, the lock that `Condition` waits with.
///
/// `Synchronization.Mutex` spins in user space before it sleeps, which on a small machine shared
/// by event loops, dozens of workers and a load generator burns the very CPU the holder needs;
/// glibc's default mutex goes to the kernel at once.
public final class Lock: @unchecked Sendable {
    // Heap-allocated so that the mutex never moves (pthread objects must keep their address).
    /// The pthread mutex itself, for `Condition.wait(with:)`.
    let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    /// A new, unlocked mutex.
    public init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    @inline(__always)
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
