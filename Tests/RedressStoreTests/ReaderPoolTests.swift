import TestClient
import Foundation
import Synchronization
import Testing
@testable import RedressStore
import SQLite

@Suite struct ReaderPoolTests {
    private func pool(readers: Int) throws -> (TestDirectory, ReaderPool) {
        let directory = try TestDirectory()
        var configuration = directory.configuration()
        configuration.readerCount = readers
        // The database and its WAL exist before read-only connections open it.
        try Database(configuration: configuration, migrations: []).close()
        return (directory, try ReaderPool(configuration: configuration))
    }

    @Test("under contention every borrower is served, and no connection is lent to two at once")
    func noConnectionIsSharedAndNobodyIsForgotten() throws {
        let (directory, pool) = try pool(readers: 2)
        let lent = Mutex<Set<ObjectIdentifier>>([])
        let shared = Atomic<Int>(0)
        let served = Background<Int>.all(8) { _ in
            var count = 0
            for _ in 0..<500 {
                try? pool.withConnection { connection in
                    let id = ObjectIdentifier(connection)
                    if !lent.withLock({ $0.insert(id).inserted }) { shared.add(1, ordering: .relaxed) }
                    _ = try? connection.first("SELECT 1")
                    lent.withLock { _ = $0.remove(id) }
                    count += 1
                }
            }
            return count
        }
        #expect(served == Array(repeating: 500, count: 8))
        let sharedCount = shared.load(ordering: .relaxed)
        #expect(sharedCount == 0)
        pool.close()
        withExtendedLifetime(directory) {}
    }

    @Test("closing while a connection is lent lets its reader finish, then refuses everyone, waiting or not")
    func closeWhileLent() throws {
        let (directory, pool) = try pool(readers: 1)
        let gate = Gate()
        let holder = Background {
            Result {
                try pool.withConnection { connection -> Int? in
                    gate.pass()
                    return try connection.first("SELECT 1")?.get(0)
                }
            }
        }
        #expect(eventually { gate.arrived == 1 })
        let waiter = Background { Result { try pool.withConnection { _ in 0 } } }
        #expect(eventually { pool.waitingBorrowers == 1 })
        pool.close()
        #expect(throws: DatabaseError.closed) { try waiter.wait().get() }
        gate.open()
        #expect(try holder.wait().get() == 1)
        #expect(throws: DatabaseError.closed) { try pool.withConnection { _ in 0 } }
        #expect(throws: DatabaseError.closed) { try pool.withConnection(waiting: false) { _ in 0 } }
        withExtendedLifetime(directory) {}
    }
}
