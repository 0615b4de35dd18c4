import Dispatch
import Foundation
import Glibc
import Locking
import Synchronization

/// The threads that run the application's `respond(to:)`, so that blocking work never stalls
/// an event loop.
///
/// Waking a sleeping thread costs a futex call and two context switches, more than a quick
/// handler itself, so threads are woken sparingly: a batch of jobs wakes a thread only when
/// none is awake, and an awake thread keeps taking jobs until the queue is empty. Handlers that
/// block (a group commit parks dozens on one fsync) would then leave jobs waiting, so the event
/// loops call `rebalance` on every pass (at least each millisecond while jobs wait): when jobs
/// have waited `patience` without any being taken, the awake threads are stuck, and as many
/// sleepers are woken as there are queued jobs.
final class WorkerPool: Sendable {
    private struct State {
        var jobs: [ResponderJob] = []
        var first = 0
        /// Threads waiting for work, and how many of them have been told to wake.
        var sleepers = 0
        var wakesPending = 0
        var awake = 0
        var stopping = false
        /// Jobs taken since the pool started, and when that count was last seen to change.
        var taken = 0
        var progress = (taken: 0, at: MonotonicInstant.now)

        var queued: Int { jobs.count - first }

        mutating func take() -> ResponderJob {
            let job = jobs[first]
            first += 1
            taken += 1
            if first == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                first = 0
            } else if first >= 1024, first * 2 >= jobs.count {
                jobs.removeFirst(first)
                first = 0
            }
            return job
        }

        /// Marks up to `count` sleepers as woken; returns how many to signal.
        mutating func wake(_ count: Int) -> Int {
            let woken = min(count, sleepers - wakesPending)
            wakesPending += woken
            awake += woken
            return woken
        }
    }

    /// Yields a worker makes, looking for work, before it sleeps.
    static let spins = 20

    /// How long queued jobs may see no progress before more threads are woken for them.
    static let patience: Duration = .microseconds(500)

    private let lock = Lock()
    private let wakeUp = Condition()
    nonisolated(unsafe) private var state = State()
    /// Jobs waiting, readable without the lock so the loops can shorten their sleep.
    private let waiting = Atomic<Int>(0)
    private let exited = DispatchGroup()

    /// A pool with no threads yet.
    init() {}

    /// Starts `count` threads answering jobs with `context`.
    func start(count: Int, context: ServerContext) {
        lock.withLock { state.awake = count }
        for number in 0..<count {
            exited.enter()
            startThread(named: "http-worker-\(number)") { [self] in
                work(context: context)
                exited.leave()
            }
        }
    }

    /// Whether jobs are waiting for a thread.
    var hasWaitingJobs: Bool { waiting.load(ordering: .relaxed) > 0 }

    /// Queues jobs in order.
    func submit(_ jobs: [ResponderJob]) {
        lock.withLock {
            state.jobs += jobs
            waiting.store(state.queued, ordering: .relaxed)
            if state.awake == 0, state.wake(1) > 0 { wakeUp.signal() }
        }
    }

    /// Wakes more threads when jobs are waiting and none has been taken for `patience`.
    func rebalance(now: MonotonicInstant) {
        guard hasWaitingJobs else { return }
        lock.withLock {
            if state.queued == 0 || state.taken != state.progress.taken {
                state.progress = (state.taken, now)
                return
            }
            guard now - state.progress.at > Self.patience else { return }
            state.progress.at = now
            for _ in 0..<state.wake(state.queued) { wakeUp.signal() }
        }
    }

    /// Lets the threads finish the queued jobs and exit; waits at most `timeout` for them, as
    /// a handler that never returns must not hang the caller.
    func stop(waitingAtMost timeout: Duration) {
        lock.withLock {
            state.stopping = true
            wakeUp.broadcast()
        }
        let milliseconds = Int(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = exited.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    private func work(context: ServerContext) {
        var encoder = ResponseEncoder()
        while let job = next() {
            job.run(in: context, encoder: &encoder)
        }
    }

    /// The next job, sleeping while there is none; nil once the pool stops.
    private func next() -> ResponderJob? {
        var spun = false
        while true {
            let job = lock.withLock { () -> ResponderJob?? in
                if state.queued > 0 {
                    let job = state.take()
                    waiting.store(state.queued, ordering: .relaxed)
                    return job
                }
                if state.stopping { return .some(nil) }
                guard spun else { return nil }
                state.awake -= 1
                state.sleepers += 1
                // A condition variable may wake spuriously; only a counted wake-up counts.
                repeat { wakeUp.wait(with: lock) } while state.wakesPending == 0 && !state.stopping
                state.sleepers -= 1
                if state.wakesPending > 0 { state.wakesPending -= 1 } else { state.awake += 1 }
                return nil
            }
            if let job { return job }
            if spun {
                spun = false
                continue
            }
            // Jobs come in bursts a few microseconds apart; yielding a few times before
            // sleeping saves the futex wake-up and context switches of the next burst.
            for _ in 0..<Self.spins where waiting.load(ordering: .relaxed) == 0 { sched_yield() }
            spun = true
        }
    }
}
