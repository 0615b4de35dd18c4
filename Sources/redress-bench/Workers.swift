import Foundation
import Synchronization

/// Runs `body` on `count` threads for `duration` and returns how many times per second it completed, in all.
///
/// The threads are started first and released together, so that thread start-up is not measured.
func completionsPerSecond(
    threads count: Int, for duration: Duration, _ body: @escaping @Sendable (_ thread: Int) throws -> Void
) throws -> Double {
    let total = Atomic<Int>(0)
    let failure = Mutex<(any Error)?>(nil)
    let ready = DispatchGroup()
    let finished = DispatchGroup()
    let go = DispatchSemaphore(value: 0)
    let clock = ContinuousClock()
    let deadline = Mutex(clock.now)
    for thread in 0..<count {
        ready.enter()
        finished.enter()
        Thread {
            ready.leave()
            go.wait()
            let end = deadline.withLock { $0 }
            var done = 0
            do {
                while clock.now < end {
                    try body(thread)
                    done += 1
                }
            } catch {
                failure.withLock { $0 = error }
            }
            total.add(done, ordering: .relaxed)
            finished.leave()
        }.start()
    }
    ready.wait()
    let begin = clock.now
    deadline.withLock { $0 = begin + duration }
    for _ in 0..<count { go.signal() }
    finished.wait()
    let elapsed = clock.now - begin
    if let error = failure.withLock({ $0 }) { throw error }
    return Double(total.load(ordering: .relaxed)) / elapsed.inSeconds
}
