import Dispatch
import Foundation
import Synchronization

/// The threads that run the application's `respond(to:)`, so that blocking work never stalls
/// an event loop.
///
/// Waking a sleeping thread costs a futex call and a context switch, so wake-ups are chained:
/// a batch of jobs wakes one sleeper, and each worker that takes a job while more wait wakes
/// the next. Quick handlers are drained by the few threads already awake; handlers that block
/// (a group commit parks dozens on one fsync) still fan out to as many threads as there are jobs.
final class WorkerPool: Sendable {
    private struct State {
        var jobs: [ResponderJob] = []
        var first = 0
        var sleepers = 0
        var wakeInFlight = false
        var stopping = false

        var hasJob: Bool { first < jobs.count }

        mutating func take() -> ResponderJob {
            let job = jobs[first]
            first += 1
            if first == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                first = 0
            } else if first >= 1024, first * 2 >= jobs.count {
                jobs.removeFirst(first)
                first = 0
            }
            return job
        }

        /// Claims a sleeper to wake, unless one is already on its way.
        mutating func claimWake() -> Bool {
            guard sleepers > 0, !wakeInFlight else { return false }
            sleepers -= 1
            wakeInFlight = true
            return true
        }
    }

    private enum Step {
        case run(ResponderJob, wakeAnother: Bool)
        case sleep
        case exit
    }

    private let state = Mutex(State())
    private let wakeup = DispatchSemaphore(value: 0)
    private let exited = DispatchGroup()

    /// A pool with no threads yet.
    init() {}

    /// Starts `count` threads answering jobs with `context`.
    func start(count: Int, context: ServerContext) {
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

    /// Queues jobs in order.
    func submit(_ jobs: [ResponderJob]) {
        let wake = state.withLock { state in
            state.jobs += jobs
            return state.claimWake()
        }
        if wake { wakeup.signal() }
    }

    /// Lets the threads finish the queued jobs and exit; waits at most `timeout` for them, as
    /// a handler that never returns must not hang the caller.
    func stop(waitingAtMost timeout: Duration) {
        let sleepers = state.withLock { state in
            state.stopping = true
            defer { state.sleepers = 0 }
            return state.sleepers
        }
        for _ in 0..<sleepers { wakeup.signal() }
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = exited.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    private func work(context: ServerContext) {
        var encoder = ResponseEncoder()
        var woken = false
        while true {
            let step = state.withLock { state -> Step in
                if woken { state.wakeInFlight = false }
                if state.hasJob {
                    let job = state.take()
                    return .run(job, wakeAnother: state.hasJob && state.claimWake())
                }
                if state.stopping { return .exit }
                state.sleepers += 1
                return .sleep
            }
            woken = false
            switch step {
            case .run(let job, let wakeAnother):
                if wakeAnother { wakeup.signal() }
                job.run(in: context, encoder: &encoder)
            case .sleep:
                wakeup.wait()
                woken = true
            case .exit:
                return
            }
        }
    }
}
