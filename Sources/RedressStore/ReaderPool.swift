import Locking
import SQLite
import Synchronization

/// A fixed set of read-only connections, each lent to one thread at a time.
///
/// Lending and returning cost one atomic operation each: every read of the API takes a
/// connection, and a mutex shared by the event loops and workers for that was a contended one.
/// Only a borrower that finds none free takes the lock, to wait.
final class ReaderPool: @unchecked Sendable {
    private let connections: [Connection]
    /// Bit `i` is set while `connections[i]` is free to lend.
    private let free: Atomic<UInt64>
    /// Borrowers waiting for a connection; a return wakes one only when there are any.
    private let waiting = Atomic<Int>(0)
    private let isClosed = Atomic<Bool>(false)
    private let lock = Lock()
    private let connectionReturned = Condition()

    /// Opens `configuration.readerCount` read-only connections (at most 64).
    init(configuration: DatabaseConfiguration) throws {
        precondition((1...64).contains(configuration.readerCount), "a database has from 1 to 64 readers")
        connections = try (0..<configuration.readerCount).map { _ in try configuration.openReader() }
        free = Atomic(connections.count == 64 ? .max : (1 << UInt64(connections.count)) - 1)
    }

    /// Runs `body` with an idle connection, waiting for one when all are lent, or throwing
    /// `DatabaseError.readersBusy` then unless `waiting`.
    func withConnection<T>(waiting wait: Bool = true, _ body: (Connection) throws -> T) throws -> T {
        guard !isClosed.load(ordering: .sequentiallyConsistent) else { throw DatabaseError.closed }
        let index: Int
        if let taken = take() {
            index = taken
        } else if wait {
            index = try waitAndTake()
        } else {
            throw DatabaseError.readersBusy
        }
        defer { giveBack(index) }
        return try body(connections[index])
    }

    /// Closes the idle connections now and lent ones when they come back; later borrowers get `DatabaseError.closed`.
    func close() {
        isClosed.store(true, ordering: .sequentiallyConsistent)
        closeFree()
        lock.withLock { connectionReturned.broadcast() }
    }

    /// Takes a free connection's bit; nil when none is free.
    private func take() -> Int? {
        var bits = free.load(ordering: .sequentiallyConsistent)
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            let (exchanged, current) = free.compareExchange(
                expected: bits, desired: bits & ~(1 << UInt64(index)), ordering: .sequentiallyConsistent)
            if exchanged { return index }
            bits = current
        }
        return nil
    }

    private func waitAndTake() throws -> Int {
        try lock.withLock {
            // Counted before looking again, so that a return in between either is seen here or
            // sees this waiter and signals it.
            waiting.add(1, ordering: .sequentiallyConsistent)
            defer { waiting.subtract(1, ordering: .sequentiallyConsistent) }
            while true {
                if isClosed.load(ordering: .sequentiallyConsistent) { throw DatabaseError.closed }
                if let index = take() { return index }
                connectionReturned.wait(with: lock)
            }
        }
    }

    private func giveBack(_ index: Int) {
        free.bitwiseOr(1 << UInt64(index), ordering: .sequentiallyConsistent)
        if isClosed.load(ordering: .sequentiallyConsistent) {
            // Closed while lent: `close` may have missed it.
            closeFree()
        } else if waiting.load(ordering: .sequentiallyConsistent) > 0 {
            lock.withLock { connectionReturned.signal() }
        }
    }

    /// Takes every free connection for good and closes it.
    private func closeFree() {
        let bits = free.exchange(0, ordering: .sequentiallyConsistent)
        for index in connections.indices where bits & (1 << UInt64(index)) != 0 {
            connections[index].close()
        }
    }
}
