import CSystem
import Foundation

/// Lets a test wait until another thread has reached a blocking call (a lock, a condition, a
/// semaphore) rather than sleeping and hoping it has: the thread records its kernel id, and the
/// test reads that thread's state from `/proc` until the kernel has put it to sleep.
public final class ThreadProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var id: pid_t?

    public init() {}

    /// Called on the thread to watch, before it blocks.
    public func enter() {
        let current = csystem_thread_id()
        lock.withLock { id = current }
    }

    /// Whether the watched thread has entered and is now asleep in the kernel (state `S` or `D`).
    public var isBlocked: Bool {
        guard let id = lock.withLock({ id }),
            let stat = try? String(contentsOfFile: "/proc/self/task/\(id)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        // `pid (name) state ...`: the name may hold spaces and parentheses, so read after the last `)`.
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state == "S" || state == "D"
    }

    /// Polls until the watched thread is blocked, for up to ten seconds; whether it became so.
    public func waitUntilBlocked() -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !isBlocked {
            if Date() > deadline { return false }
            usleep(500)
        }
        return true
    }
}
