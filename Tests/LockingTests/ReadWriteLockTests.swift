import Foundation
import Synchronization
import Testing
import Locking
import TestClient

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
        let writer = ThreadProbe(), lateReader = ThreadProbe()
        thread {
            writer.enter()
            lock.withWriteLock { value in
                value += 1
                events.withLock { $0.append("writer with \(inside.load(ordering: .relaxed)) readers") }
            }
        }
        // The writer blocks on the lock the readers hold.
        #expect(writer.waitUntilBlocked())
        // A reader arriving while the writer waits queues behind it (writers are preferred), and
        // so sees the written value.
        thread {
            lateReader.enter()
            lock.withReadLock { value in events.withLock { $0.append("late reader saw \(value)") } }
        }
        #expect(lateReader.waitUntilBlocked())
        #expect(events.withLock { $0 }.isEmpty)
        release.store(true, ordering: .relaxed)
        done.wait()
        #expect(events.withLock { $0 } == ["writer with 0 readers", "late reader saw 1"])
    }
}
