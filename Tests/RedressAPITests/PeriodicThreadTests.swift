import Foundation
import Synchronization
import Testing
@testable import RedressAPI

@Suite struct PeriodicThreadTests {
    @Test func itRunsAtOnceAndThenEveryInterval() {
        let runs = Atomic<Int>(0)
        let thread = PeriodicThread(named: "test-periodic", every: .milliseconds(10)) {
            runs.add(1, ordering: .relaxed)
        }
        let deadline = Date().addingTimeInterval(10)
        while runs.load(ordering: .relaxed) < 3, Date() < deadline { usleep(1_000) }
        thread.stop()
        let counted = runs.load(ordering: .relaxed)
        #expect(counted >= 3)
    }

    @Test func stopCutsTheWaitShortAndNothingRunsAfterIt() {
        let runs = Atomic<Int>(0)
        let clock = ContinuousClock()
        let thread = PeriodicThread(named: "test-periodic", every: .seconds(3600)) { runs.add(1, ordering: .relaxed) }
        let deadline = Date().addingTimeInterval(10)
        while runs.load(ordering: .relaxed) < 1, Date() < deadline { usleep(1_000) }
        let start = clock.now
        thread.stop()
        #expect(start.duration(to: clock.now) < .seconds(60))
        usleep(20_000)
        let counted = runs.load(ordering: .relaxed)
        #expect(counted == 1)
    }

    @Test func stopWaitsForARunUnderWay() {
        let inside = Atomic<Bool>(false)
        let finished = Atomic<Bool>(false)
        let thread = PeriodicThread(named: "test-periodic", every: .seconds(3600)) {
            inside.store(true, ordering: .relaxed)
            usleep(100_000)
            finished.store(true, ordering: .relaxed)
        }
        let deadline = Date().addingTimeInterval(10)
        while !inside.load(ordering: .relaxed), Date() < deadline { usleep(1_000) }
        thread.stop()
        let done = finished.load(ordering: .relaxed)
        #expect(done)
    }
}
