import Dispatch
import HTTP
import Locking
import Synchronization

/// Runs jobs one at a time, in the order given, on a thread of its own, which exists only while
/// jobs or timers wait: a serial queue with timers.
///
/// Not a Dispatch queue: while work is queued on Dispatch's queues, its thread-pool monitor reads
/// `/proc/<tid>/stat` once a second, and when the process has no descriptor left for that (the
/// server holding as many connections as its limit allows), Dispatch stops the process.
final class SerialThread: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let name: String
    private let clock = ContinuousClock()
    private let lock = Lock()
    private let changed = Condition()
    // Guarded by `lock`.
    private var jobs: [Job] = []
    private var timers: [(id: Int, due: ContinuousClock.Instant, job: Job)] = []
    private var lastTimerID = 0
    private var isRunning = false

    /// A thread named `name` for the system, started when the first job comes.
    init(named name: String) {
        self.name = name
    }

    /// Runs `job` after those queued before it.
    func async(_ job: @escaping Job) {
        lock.withLock {
            jobs.append(job)
            wakeOrStart()
        }
    }

    /// Runs `job` once `delay` has passed, in turn with the queued jobs; returns a timer to `cancel`.
    @discardableResult
    func async(after delay: Duration, _ job: @escaping Job) -> Int {
        lock.withLock {
            lastTimerID += 1
            timers.append((lastTimerID, clock.now + delay, job))
            wakeOrStart()
            return lastTimerID
        }
    }

    /// Drops a timer that has not fired yet.
    func cancel(_ timer: Int) {
        lock.withLock { timers.removeAll { $0.id == timer } }
    }

    /// Runs `body` after the jobs queued before it and returns its result. Never call it from a
    /// job: the job would wait for itself.
    func sync<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        async {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }

    // Holding `lock`.
    private func wakeOrStart() {
        if isRunning {
            changed.signal()
        } else {
            isRunning = true
            startThread(named: name) { [self] in
                while let job = next() { job() }
            }
        }
    }

    /// The next job to run: the first queued, else the first timer due, waited for; nil, and the
    /// thread ends, once nothing waits.
    private func next() -> Job? {
        lock.withLock {
            while true {
                if !jobs.isEmpty { return jobs.removeFirst() }
                guard let soonest = timers.indices.min(by: { timers[$0].due < timers[$1].due }) else {
                    isRunning = false
                    return nil
                }
                let now = clock.now
                if timers[soonest].due <= now { return timers.remove(at: soonest).job }
                changed.wait(with: lock, timeout: now.duration(to: timers[soonest].due))
            }
        }
    }
}
