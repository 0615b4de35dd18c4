import SQLite
import Synchronization

/// The read-only connections, lent by a `Pool`, each keeping its read transaction open between
/// reads while nothing changed: the snapshot policy, apart from the lending.
///
/// Snapshots: beginning and ending a read transaction takes and drops a WAL read lock, system calls
/// and mutexes shared by every connection of the process, which cost more than reading one complaint.
/// So a reader keeps its transaction, and the snapshot it holds, from one read to the next, until
/// `dataChanged()` says this process's writer committed (the writer calls it before answering, so
/// that a read after a write's answer sees the write), or the snapshot is `snapshotMaxAge` old (for
/// other processes' commits). An idle reader's snapshot would keep checkpoints, this process's or
/// another's, from copying the pages committed after it, so the writer ends the idle readers'
/// snapshots before it checkpoints, and whenever it has had no work for `snapshotMaxAge`.
final class ReaderPool: Sendable {
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
                connection.isInTransaction
            {
                return
            }
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

    private let pool: Pool<Reader>
    /// How long a snapshot may serve reads while the writer commits nothing.
    let snapshotMaxAge: Duration
    /// How many times this process's writer has committed.
    private let changes = Atomic<UInt64>(0)

    /// Opens `configuration.readerCount` read-only connections (at most 64).
    init(configuration: DatabaseConfiguration) throws {
        precondition((1...64).contains(configuration.readerCount), "a database has from 1 to 64 readers")
        pool = Pool(try (0..<configuration.readerCount).map { _ in Reader(try configuration.openReader()) }) { reader in
            reader.endSnapshot()
            reader.connection.close()
        }
        snapshotMaxAge = configuration.snapshotMaxAge
    }

    /// Runs `body` with a free connection, in a read transaction holding a snapshot at least as
    /// new as the last commit of this process's writer. When every connection is lent, waits for
    /// one, or throws `DatabaseError.readersBusy` then unless `waiting`.
    func read<T>(waiting wait: Bool = true, _ body: (Connection) throws -> T) throws -> T {
        try pool.lend(waiting: wait) { reader in
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
        try pool.lend(waiting: wait) { reader in
            reader.endSnapshot()
            return try body(reader.connection)
        }
    }

    /// Says the writer committed: the readers' snapshots are out of date. Call it before answering the writes.
    func dataChanged() {
        changes.add(1, ordering: .releasing)
    }

    /// How many borrowers wait for a connection now.
    var waitingBorrowers: Int { pool.waitingBorrowers }

    /// Whether any reader holds a snapshot (lent or not).
    var holdsSnapshots: Bool {
        pool.all.contains { $0.holding.load(ordering: .relaxed) }
    }

    /// Ends the snapshots of the readers not lent now, so that a checkpoint can copy every page.
    func endIdleSnapshots() {
        pool.forEachIdle { $0.endSnapshot() }
    }

    /// Closes the idle connections now and lent ones when they come back; later borrowers get `DatabaseError.closed`.
    func close() {
        pool.close()
    }
}
