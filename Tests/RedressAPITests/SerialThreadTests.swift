import Foundation
import Synchronization
import Testing
@testable import RedressAPI

@Suite struct SerialThreadTests {
    /// Names of this process's threads, as the system sees them.
    private func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test func jobsRunInOrderOneAtATime() {
        let thread = SerialThread(named: "test-serial")
        let log = Mutex<[Int]>([])
        let inside = Atomic<Int>(0)
        let overlapped = Atomic<Bool>(false)
        for number in 0..<200 {
            thread.async {
                if inside.add(1, ordering: .relaxed).newValue > 1 { overlapped.store(true, ordering: .relaxed) }
                log.withLock { $0.append(number) }
                inside.subtract(1, ordering: .relaxed)
            }
        }
        let seen = thread.sync { log.withLock { $0 } }
        #expect(seen == Array(0..<200))
        let overlapping = overlapped.load(ordering: .relaxed)
        #expect(!overlapping)
    }

    @Test func timersFireInTheOrderTheyAreDueAndACancelledOneNever() {
        let thread = SerialThread(named: "test-serial")
        let log = Mutex<[String]>([])
        // The thread is held busy until the timers are set and one is cancelled, so that none can
        // fire before, however slowly this test runs; any that fell due meanwhile fire in due order.
        let held = DispatchSemaphore(value: 0)
        thread.async { held.wait() }
        thread.async(after: .milliseconds(60)) { log.withLock { $0.append("late") } }
        let cancelled = thread.async(after: .milliseconds(30)) { log.withLock { $0.append("cancelled") } }
        thread.async(after: .milliseconds(10)) { log.withLock { $0.append("early") } }
        thread.async { log.withLock { $0.append("now") } }
        thread.cancel(cancelled)
        held.signal()
        let deadline = Date().addingTimeInterval(10)
        // "late" falls due after the cancelled timer would have: once it ran, that one would have too.
        while log.withLock({ $0.count }) < 3, Date() < deadline { usleep(1_000) }
        #expect(log.withLock { $0 } == ["now", "early", "late"])
    }

    @Test func aTimerWaitsAtLeastItsDelay() {
        let thread = SerialThread(named: "test-serial")
        let clock = ContinuousClock()
        let start = clock.now
        let fired = Mutex<ContinuousClock.Instant?>(nil)
        thread.async(after: .milliseconds(40)) { fired.withLock { $0 = clock.now } }
        let deadline = Date().addingTimeInterval(10)
        while fired.withLock({ $0 }) == nil, Date() < deadline { usleep(1_000) }
        let elapsed = fired.withLock { $0.map { start.duration(to: $0) } }
        #expect(elapsed.map { $0 >= .milliseconds(40) } == true, "\(String(describing: elapsed))")
    }

    @Test func theThreadEndsWhenNothingWaitsAndStartsAgainForMoreWork() {
        let thread = SerialThread(named: "test-ends")
        #expect(thread.sync { 41 + 1 } == 42)
        let deadline = Date().addingTimeInterval(10)
        while threadNames().contains("test-ends"), Date() < deadline { usleep(1_000) }
        #expect(!threadNames().contains("test-ends"))
        #expect(thread.sync { threadNames().contains("test-ends") })
    }
}
