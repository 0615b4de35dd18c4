import HTTP
import Locking

/// Runs a task on a thread of its own: at once, then every `interval` until stopped.
///
/// Not a Dispatch timer: while work is queued on Dispatch's global queues, its thread-pool monitor
/// reads `/proc/<tid>/stat` once a second, and when the process has no descriptor left for that
/// (the server holding as many connections as its limit allows), Dispatch stops the process.
final class PeriodicThread: @unchecked Sendable {
    private let lock = Lock()
    private let changed = Condition()
    // Both guarded by `lock`.
    private var stopping = false
    private var finished = false

    /// Starts the thread, named `name` for the system, and runs `task` at once.
    init(named name: String, every interval: Duration, _ task: @escaping @Sendable () -> Void) {
        startThread(named: name) { [self] in
            let clock = ContinuousClock()
            while true {
                task()
                let deadline = clock.now + interval
                let stop = lock.withLock {
                    // Waits out the whole interval: a timed wait may also end early for no reason.
                    while !stopping, clock.now < deadline {
                        changed.wait(with: lock, timeout: clock.now.duration(to: deadline))
                    }
                    return stopping
                }
                if stop { break }
            }
            lock.withLock {
                finished = true
                changed.broadcast()
            }
        }
    }

    /// Stops the thread: cuts its wait short, and waits for a run under way to finish.
    func stop() {
        lock.withLock {
            stopping = true
            changed.broadcast()
            while !finished { changed.wait(with: lock) }
        }
    }
}
