import Foundation
import Synchronization
import Testing
import Locking

@Suite struct ReadWriteLockTests {
    /// Polls `condition` every millisecond for up to ten seconds; whether it became true.
    private func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !condition() {
            if Date() > deadline { return false }
            usleep(1_000)
        }
        return true
    }

    @Test("readers hold the lock together; a writer waits for them, and readers arriving after it wait for it")
    func readersShareWritersExclude() {
        let lock = ReadWriteLock(0)
        let inside = Atomic<Int>(0)
        let release = Atomic<Bool>(false)
        let events = Mutex<[String]>([])
        let done = DispatchGroup()
        func thread(_ body: @escaping @Sendable () -> Void) {
            done.enter()
            Thread {
                body()
                done.leave()
            }.start()
        }
        for _ in 0..<2 {
            thread {
                lock.withReadLock { _ in
                    inside.add(1, ordering: .relaxed)
                    while !release.load(ordering: .relaxed) { usleep(1_000) }
                    inside.subtract(1, ordering: .relaxed)
                }
            }
        }
        // Both readers are inside at once.
        #expect(eventually { inside.load(ordering: .relaxed) == 2 })
        let arrived = Atomic<Int>(0)
        thread {
            arrived.add(1, ordering: .relaxed)
            lock.withWriteLock { value in
                value += 1
                events.withLock { $0.append("writer with \(inside.load(ordering: .relaxed)) readers") }
            }
        }
        // Time for the writer, once it arrived, to block on the lock.
        #expect(eventually { arrived.load(ordering: .relaxed) == 1 })
        usleep(50_000)
        // A reader arriving while the writer waits queues behind it (writers are preferred), and
        // so sees the written value.
        thread {
            arrived.add(1, ordering: .relaxed)
            lock.withReadLock { value in events.withLock { $0.append("late reader saw \(value)") } }
        }
        #expect(eventually { arrived.load(ordering: .relaxed) == 2 })
        usleep(50_000)
        #expect(events.withLock { $0 }.isEmpty)
        release.store(true, ordering: .relaxed)
        done.wait()
        #expect(events.withLock { $0 } == ["writer with 0 readers", "late reader saw 1"])
    }
}
