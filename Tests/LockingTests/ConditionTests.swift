import Foundation
import Testing
import Locking
import TestClient

@Suite struct ConditionTests {
    @Test("a timed wait nobody signals sleeps its whole timeout and says it ran out")
    func aTimedWaitRunsOut() {
        let lock = Lock()
        let condition = Condition()
        let clock = ContinuousClock()
        let start = clock.now
        let signalled = lock.withLock { condition.wait(with: lock, timeout: .milliseconds(50)) }
        #expect(!signalled)
        #expect(start.duration(to: clock.now) >= .milliseconds(50))
    }

    @Test("a timed wait with no time left returns at once, timed out")
    func aWaitWithNoTimeLeft() {
        let lock = Lock()
        let condition = Condition()
        let signalled = lock.withLock { condition.wait(with: lock, timeout: .milliseconds(-5)) }
        #expect(!signalled)
    }

    @Test("a signal ends a timed wait long before its timeout")
    func aSignalEndsATimedWait() {
        let lock = Lock()
        let condition = Condition()
        nonisolated(unsafe) var ready = false
        let clock = ContinuousClock()
        let start = clock.now
        let waiter = ThreadProbe()
        waiter.enter()
        Thread {
            // Signalled only once the test's thread sleeps in its wait, so the wait is what ends.
            _ = waiter.waitUntilBlocked()
            lock.withLock {
                ready = true
                condition.signal()
            }
        }.start()
        lock.withLock {
            while !ready { condition.wait(with: lock, timeout: .seconds(60)) }
        }
        #expect(start.duration(to: clock.now) < .seconds(30))
    }
}
