import Dispatch
import Foundation
import HTTP
import Synchronization

/// Writes the log's buffered lines out every 100 ms, on a thread of its own.
///
/// Not a Dispatch timer: work queued on Dispatch's global queues makes its thread-pool monitor read
/// `/proc/<tid>/stat` once a second, and when the process has no descriptor left for that (the
/// server holding as many connections as its limit allows), Dispatch stops the process. A timer
/// every 100 ms kept work queued there nearly all the time.
final class LogFlusher: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts flushing `log`.
    init(_ log: Log) {
        startThread(named: "log-flush") { [self] in
            while !stopped.load(ordering: .relaxed) {
                usleep(100_000)
                log.flush()
            }
            finished.signal()
        }
    }

    /// Stops the thread after its last flush.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
