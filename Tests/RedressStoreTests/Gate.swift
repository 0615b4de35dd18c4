import Foundation
import Synchronization

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
