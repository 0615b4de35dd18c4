import Locking
import SQLite
import Synchronization

/// A fixed set of read-only connections, each lent to one thread at a time, each keeping its read
/// transaction open between reads while nothing changed.
///
/// Lending and returning cost one atomic operation each: every read of the API takes a
/// connection, and a mutex shared by the event loops and workers for that was a contended one.
/// Only a borrower that finds none free takes the lock, to wait.
///
/// Snapshots: beginning and ending a read transaction takes and drops a WAL read lock, system calls
/// and mutexes shared by every connection of the process, which cost more than reading one complaint.
/// So a reader keeps its transaction, and the snapshot it holds, from one read to the next, until
/// `dataChanged()` says this process's writer committed (the writer calls it before answering, so
/// that a read after a write's answer sees the write), or the snapshot is `snapshotMaxAge` old (for
/// other processes' commits). An idle reader's snapshot would keep checkpoints, this process's or
/// another's, from copying the pages committed after it, so the writer ends the idle readers'
/// snapshots before it checkpoints, and whenever it has had no work for `snapshotMaxAge`.
final class ReaderPool: @unchecked Sendable {
    /// A connection and the snapshot it holds; used by the thread that holds its bit alone.
    private final class Reader: @unchecked Sendable {
        let connection: Connection
        /// The `changes` count when the snapshot began, and when; nil when it holds none.
        var snapshot: (change: UInt64, began: ContinuousClock.Instant)?
        /// Whether `snapshot` is set, for any thread to see.
        let holding = Atomic<Bool>(false)

        init(_ connection: Connection) { self.connection = connection }

        /// Makes sure the connection reads a snapshot taken after change `change`, no older than `maxAge`.
        func holdSnapshot(after change: UInt64, now: ContinuousClock.Instant, maxAge: Duration) throws {
            if let snapshot, snapshot.change == change, snapshot.began.duration(to: now) < maxAge,
               connection.isInTransaction { return }
            endSnapshot()
            // A deferred transaction takes its snapshot at its first read, after `change` was loaded.
            try connection.execute("BEGIN")
            snapshot = (change, now)
            holding.store(true, ordering: .relaxed)
        }

        func endSnapshot() {
            snapshot = nil
            holding.store(false, ordering: .relaxed)
            if connection.isInTransaction, (try? connection.execute("COMMIT")) == nil {
                try? connection.execute("ROLLBACK")
            }
        }
    }

    private let readers: [Reader]
    /// How long a snapshot may serve reads while the writer commits nothing.
    let snapshotMaxAge: Duration
    /// Bit `i` is set while `readers[i]` is free to lend.
    private let free: Atomic<UInt64>
    /// How many times this process's writer has committed.
    private let changes = Atomic<UInt64>(0)
    /// Borrowers waiting for a connection; a return wakes one only when there are any.
    private let waiting = Atomic<Int>(0)
    private let isClosed = Atomic<Bool>(false)
    private let lock = Lock()
    private let connectionReturned = Condition()

    /// Opens `configuration.readerCount` read-only connections (at most 64).
    init(configuration: DatabaseConfiguration) throws {
        precondition((1...64).contains(configuration.readerCount), "a database has from 1 to 64 readers")
        readers = try (0..<configuration.readerCount).map { _ in Reader(try configuration.openReader()) }
        snapshotMaxAge = configuration.snapshotMaxAge
        free = Atomic(readers.count == 64 ? .max : (1 << UInt64(readers.count)) - 1)
    }

    /// Runs `body` with a free connection, in a read transaction holding a snapshot at least as
    /// new as the last commit of this process's writer. When every connection is lent, waits for
    /// one, or throws `DatabaseError.readersBusy` then unless `waiting`.
    func read<T>(waiting wait: Bool = true, _ body: (Connection) throws -> T) throws -> T {
        try lend(waiting: wait) { reader in
            try reader.holdSnapshot(after: changes.load(ordering: .acquiring), now: .now, maxAge: snapshotMaxAge)
            do {
                return try body(reader.connection)
            } catch let error as SQLiteError {
                // It may have ended the transaction, or left it in a state best not kept. (Other
                // errors, such as a complaint not found, leave the snapshot as good as it was.)
                reader.endSnapshot()
                throw error
            }
        }
    }

    /// Runs `body` with a free connection outside any transaction, for what needs a snapshot of
    /// its own (a backup).
    func withConnection<T>(waiting wait: Bool = true, _ body: (Connection) throws -> T) throws -> T {
        try lend(waiting: wait) { reader in
            reader.endSnapshot()
            return try body(reader.connection)
        }
    }

    /// Says the writer committed: the readers' snapshots are out of date. Call it before answering the writes.
    func dataChanged() {
        changes.add(1, ordering: .releasing)
    }

    /// Whether any reader holds a snapshot (lent or not).
    var holdsSnapshots: Bool {
        readers.contains { $0.holding.load(ordering: .relaxed) }
    }

    /// Ends the snapshots of the readers not lent now, so that a checkpoint can copy every page.
    func endIdleSnapshots() {
        for (index, reader) in readers.enumerated() where take(index) {
            reader.endSnapshot()
            giveBack(index)
        }
    }

    /// Closes the idle connections now and lent ones when they come back; later borrowers get `DatabaseError.closed`.
    func close() {
        isClosed.store(true, ordering: .sequentiallyConsistent)
        closeFree()
        lock.withLock { connectionReturned.broadcast() }
    }

    private func lend<T>(waiting wait: Bool, _ body: (Reader) throws -> T) throws -> T {
        guard !isClosed.load(ordering: .sequentiallyConsistent) else { throw DatabaseError.closed }
        let index: Int
        if let taken = takeAny() {
            index = taken
        } else if wait {
            index = try waitAndTake()
        } else {
            throw DatabaseError.readersBusy
        }
        defer { giveBack(index) }
        return try body(readers[index])
    }

    /// Takes a free reader's bit; nil when none is free.
    private func takeAny() -> Int? {
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

    /// Takes reader `index`'s bit if it is free.
    private func take(_ index: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(index)
        return free.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue & bit != 0
    }

    private func waitAndTake() throws -> Int {
        try lock.withLock {
            // Counted before looking again, so that a return in between either is seen here or
            // sees this waiter and signals it.
            waiting.add(1, ordering: .sequentiallyConsistent)
            defer { waiting.subtract(1, ordering: .sequentiallyConsistent) }
            while true {
                if isClosed.load(ordering: .sequentiallyConsistent) { throw DatabaseError.closed }
                if let index = takeAny() { return index }
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

    /// Takes every free reader for good and closes its connection.
    private func closeFree() {
        let bits = free.exchange(0, ordering: .sequentiallyConsistent)
        for (index, reader) in readers.enumerated() where bits & (1 << UInt64(index)) != 0 {
            reader.endSnapshot()
            reader.connection.close()
        }
    }
}
