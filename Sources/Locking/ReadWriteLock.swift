import Glibc

/// A value read on every request and changed rarely, behind a pthread read-write lock.
///
/// Readers share it without waiting for one another, so a reader preempted while holding it
/// stalls nobody but writers. Writers are preferred: once one waits, new readers queue behind
/// it, so a steady stream of reads cannot postpone a change indefinitely.
public final class ReadWriteLock<Value: Sendable>: @unchecked Sendable {
    // Heap-allocated so that the lock never moves (pthread objects must keep their address).
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
    /// Guarded by `lock`.
    private var value: Value

    /// A lock guarding `value`.
    public init(_ value: Value) {
        self.value = value
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` on the value, sharing the lock with other readers.
    @inline(__always)
    public func withReadLock<T>(_ body: (Value) throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(value)
    }

    /// Runs `body` on the value, holding the lock alone.
    @inline(__always)
    public func withWriteLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(&value)
    }
}
