/// Runs a task on a thread of its own: at once, then every `interval` (from the end of one run to
/// the start of the next) until stopped.
final class PeriodicThread: @unchecked Sendable {
    private let thread: SerialThread
    private let interval: Duration
    private let task: @Sendable () -> Void
    // Belong to `thread`'s jobs.
    private var nextRun: Int?
    private var stopped = false

    /// Starts the thread, named `name` for the system, and runs `task` at once.
    init(named name: String, every interval: Duration, _ task: @escaping @Sendable () -> Void) {
        thread = SerialThread(named: name)
        self.interval = interval
        self.task = task
        thread.async { [self] in run() }
    }

    private func run() {
        guard !stopped else { return }
        task()
        nextRun = thread.async(after: interval) { [self] in run() }
    }

    /// Stops the thread: drops the next run, and waits for a run under way to finish.
    func stop() {
        thread.sync { [self] in
            stopped = true
            if let nextRun { thread.cancel(nextRun) }
        }
    }
}
