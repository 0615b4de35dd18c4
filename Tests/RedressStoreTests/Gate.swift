import Foundation
@testable import RedressStore
import SQLite
import Synchronization
import Testing

/// A barrier a write body waits at, so that the test decides when the writer thread goes on.
final class Gate: Sendable {
    private let isOpen = Mutex(false)
    private let arrivals = Mutex(0)

    /// Counts the arrival and blocks until the gate opens.
    func pass() {
        arrivals.withLock { $0 += 1 }
        _ = eventually { isOpen.withLock { $0 } }
    }

    /// How many callers have reached the gate.
    var arrived: Int { arrivals.withLock { $0 } }

    /// Lets every waiting and later caller through.
    func open() { isOpen.withLock { $0 = true } }
}

/// Holds the writer thread in a write of its own while `writes` are queued in order behind it,
/// then lets them run; returns their callers, for the test to wait for.
func startBehindGate<T: Sendable>(
    _ database: Database, _ writes: [@Sendable (Connection) throws -> T]
) -> [Background<Result<T, any Error>>] {
    let gate = Gate()
    _ = Background { try? database.write { _ in gate.pass() } }
    #expect(eventually { gate.arrived == 1 })
    let callers = writes.enumerated().map { index, body in
        let caller = Background { Result { try database.write(body) } }
        #expect(eventually { database.writerStatistics.queued == index + 1 })
        return caller
    }
    gate.open()
    return callers
}
