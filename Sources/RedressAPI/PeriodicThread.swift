import Synchronization

/// Runs a task on a thread of its own: at once, then every `interval` (from the end of one run to
/// the start of the next) until stopped, or until the task says it is done. The thread exists
/// only while a run is due.
final class PeriodicThread: Sendable {
    private struct State {
        /// The timer of the next run, once one is set.
        var nextRun: Int?
        var stopped = false
    }

    private let thread: SerialThread
    private let interval: Duration
    /// Whether there is more to do.
    private let task: @Sendable () -> Bool
    // Read and written by `thread`'s jobs alone; the mutex makes that visible to the compiler.
    private let state = Mutex(State())

    /// Starts the thread, named `name` for the system, and runs `task` at once.
    convenience init(named name: String, every interval: Duration, _ task: @escaping @Sendable () -> Void) {
        self.init(name, interval) {
            task()
            return true
        }
    }

    /// Starts the thread, named `name` for the system, and runs `task` at once and then until it
    /// returns false, once it has nothing left to do.
    static func untilDone(
        named name: String, every interval: Duration,
        _ task: @escaping @Sendable () -> Bool
    ) -> PeriodicThread {
        PeriodicThread(name, interval, task)
    }

    private init(_ name: String, _ interval: Duration, _ task: @escaping @Sendable () -> Bool) {
        thread = SerialThread(named: name)
        self.interval = interval
        self.task = task
        thread.async { [self] in run() }
    }

    private func run() {
        guard !state.withLock({ $0.stopped }), task() else { return }
        let next = thread.async(after: interval) { [self] in run() }
        state.withLock { $0.nextRun = next }
    }

    /// Stops the thread: drops the next run, and waits for a run under way to finish.
    func stop() {
        thread.sync { [self] in
            let nextRun = state.withLock { state in
                state.stopped = true
                return state.nextRun
            }
            if let nextRun { thread.cancel(nextRun) }
        }
    }
}
