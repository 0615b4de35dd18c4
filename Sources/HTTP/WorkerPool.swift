import Dispatch
import Foundation
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
        var sleepers = 0
        var awake = 0
        var stopping = false
        /// Jobs taken since the pool started, and when that count was last seen to change.
        var taken = 0
        var progress = (taken: 0, at: ContinuousClock.now)

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

        /// Moves up to `count` sleepers to awake; returns how many to signal.
        mutating func wake(_ count: Int) -> Int {
            let woken = min(count, sleepers)
            sleepers -= woken
            awake += woken
            return woken
        }
    }

    /// How long queued jobs may see no progress before more threads are woken for them.
    static let patience: Duration = .microseconds(500)

    private let state = Mutex(State())
    /// Jobs waiting, readable without the lock so the loops can shorten their sleep.
    private let waiting = Atomic<Int>(0)
    private let wakeup = DispatchSemaphore(value: 0)
    private let exited = DispatchGroup()

    /// A pool with no threads yet.
    init() {}

    /// Starts `count` threads answering jobs with `context`.
    func start(count: Int, context: ServerContext) {
        state.withLock { $0.awake = count }
        for number in 0..<count {
            exited.enter()
            let thread = Thread { [self] in
                work(context: context)
                exited.leave()
            }
            thread.name = "http-worker-\(number)"
            thread.start()
        }
    }

    /// Whether jobs are waiting for a thread.
    var hasWaitingJobs: Bool { waiting.load(ordering: .relaxed) > 0 }

    /// Queues jobs in order.
    func submit(_ jobs: [ResponderJob]) {
        let wake = state.withLock { state in
            state.jobs += jobs
            waiting.store(state.queued, ordering: .relaxed)
            return state.awake == 0 ? state.wake(1) : 0
        }
        if wake > 0 { wakeup.signal() }
    }

    /// Wakes more threads when jobs are waiting and none has been taken for `patience`.
    func rebalance(now: ContinuousClock.Instant) {
        guard hasWaitingJobs else { return }
        let wake = state.withLock { state -> Int in
            if state.queued == 0 || state.taken != state.progress.taken {
                state.progress = (state.taken, now)
                return 0
            }
            guard now - state.progress.at > Self.patience else { return 0 }
            state.progress.at = now
            return state.wake(state.queued)
        }
        for _ in 0..<wake { wakeup.signal() }
    }

    /// Lets the threads finish the queued jobs and exit; waits at most `timeout` for them, as
    /// a handler that never returns must not hang the caller.
    func stop(waitingAtMost timeout: Duration) {
        let sleepers = state.withLock { state in
            state.stopping = true
            return state.wake(state.sleepers)
        }
        for _ in 0..<sleepers { wakeup.signal() }
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = exited.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    private func work(context: ServerContext) {
        var encoder = ResponseEncoder()
        while true {
            let job = state.withLock { state -> ResponderJob? in
                if state.queued > 0 {
                    let job = state.take()
                    waiting.store(state.queued, ordering: .relaxed)
                    return job
                }
                if !state.stopping {
                    state.awake -= 1
                    state.sleepers += 1
                }
                return nil
            }
            if let job {
                job.run(in: context, encoder: &encoder)
            } else if state.withLock({ $0.stopping && $0.queued == 0 }) {
                return
            } else {
                wakeup.wait()
            }
        }
    }
}
