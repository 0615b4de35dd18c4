import Glibc
import Locking
import SQLite
import Synchronization

/// The one read-write connection, the thread that alone uses it, and the queue of writes it group-commits.
///
/// Whatever is queued when a commit starts (up to `maxBatchSize`) goes into one `BEGIN IMMEDIATE`
/// transaction; callers wake only after that COMMIT returned. A write that fails is undone alone
/// (see `commit`). After each batch, `afterBatch` may do deferred work of its own.
final class Writer: @unchecked Sendable {
    /// Thrown when a write failed, so that its changes are rolled back (its savepoint's, or the
    /// whole batch's to go again); the write keeps its own error.
    private struct RolledBack: Error {}

    // `connection` and `walFrames` belong to the writer thread (and to `close` once that thread has ended);
    // everything below `lock` is guarded by it.
    private let connection: Connection
    private let maxBatchSize: Int
    private let checkpointPolicy: DatabaseConfiguration.CheckpointPolicy
    private let busyTimeout: Duration
    private let afterBatch: ((Connection, _ isIdle: Bool) throws -> Void)?
    /// Told of every commit, and asked to let go of idle snapshots before a checkpoint.
    private let readers: ReaderPool
    private var walFrames = 0
    private let lock = Lock()
    private let workAvailable = Condition()
    private var queue: [any PendingWrite] = []
    private var counters = WriterStatistics()
    /// Whether the last write that either committed or failed for lack of space failed for it.
    private let storageFull = Atomic<Bool>(false)
    private var isClosing = false
    /// Set once, at the end of `init`.
    private var thread: SystemThread?

    /// Takes over `connection` and starts the writer thread. `afterBatch` runs on that thread after
    /// each batch's callers were answered, told whether no write is queued; it opens any transaction
    /// it needs itself, and a failure of it is left for its next call to retry.
    init(
        connection: Connection, configuration: DatabaseConfiguration, readers: ReaderPool,
        afterBatch: ((Connection, _ isIdle: Bool) throws -> Void)? = nil
    ) {
        self.connection = connection
        self.readers = readers
        self.afterBatch = afterBatch
        self.maxBatchSize = configuration.maxBatchSize
        self.checkpointPolicy = configuration.checkpoint
        self.busyTimeout = configuration.busyTimeout
        connection.onWALCommit { [unowned self] frames in walFrames = frames }
        // The thread keeps the writer alive until its loop ends. Named for the system, so that
        // `top -H` and `perf` tell it from the HTTP threads.
        thread = SystemThread.start(named: "db-writer") { [self] in run() }
    }

    /// Queues `body`, waits until the commit holding it has returned, and gives back its own result or error.
    func submit<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let ticket = WriteTicket(body)
            try lock.withLock {
                precondition(
                    thread?.isCurrent != true, "Database.write called from inside a write would wait for itself")
                guard !isClosing else { throw DatabaseError.closed }
                queue.append(ticket)
                workAvailable.signal()
            }
            let result = ticket.waitForResult()
            noteStorage(after: result)
            return try result.get()
        }
    }

    /// Ends the storage-full state: room was found to write again.
    func roomFound() {
        storageFull.store(false, ordering: .relaxed)
    }

    /// Keeps the storage-full state and its count from a write's outcome: a failure for lack of
    /// space sets it, a commit clears it; other failures say nothing of the disk. A commit costs
    /// one relaxed load here, not the writer's lock.
    private func noteStorage<T>(after result: Result<T, any Error>) {
        switch result {
        case .success:
            if storageFull.load(ordering: .relaxed) { storageFull.store(false, ordering: .relaxed) }
        case .failure(let error as SQLiteError) where error.isStorageFull:
            storageFull.store(true, ordering: .relaxed)
            lock.withLock { counters.storageFullFailures += 1 }
        case .failure:
            break
        }
    }

    /// What the writer has done so far, and how many writes wait now.
    var statistics: WriterStatistics {
        lock.withLock {
            var statistics = counters
            statistics.queued = queue.count
            statistics.isStorageFull = storageFull.load(ordering: .relaxed)
            return statistics
        }
    }

    /// Whether new writes are still taken (false once `close` has begun).
    var isAccepting: Bool { lock.withLock { !isClosing } }

    /// Commits what is still queued, stops the thread, checkpoints and closes the connection; later calls do nothing.
    func close() {
        let shouldClose = lock.withLock {
            defer { isClosing = true }
            workAvailable.signal()
            return !isClosing
        }
        guard shouldClose else { return }
        thread?.join()
        // Leave no WAL behind for the next start to recover; readers still lent out, or another
        // process's (a `redress backup` beside the server), can make this fail harmlessly.
        _ = truncate()
        connection.close()
    }

    private func run() {
        while let batch = nextBatch() {
            if batch.isEmpty {
                readers.endIdleSnapshots()
                continue
            }
            let started = ContinuousClock.now
            let committing = commit(batch)
            // Before the answers: a read that follows one must not be served from an older snapshot.
            readers.dataChanged()
            for write in batch { write.finish() }
            // What it commits (queued search text moved into the index) reads already found in the
            // queue, so readers may keep their snapshots.
            if let afterBatch { try? afterBatch(connection, lock.withLock { queue.isEmpty }) }
            checkpointIfNeeded()
            let busy = started.duration(to: .now)
            lock.withLock {
                counters.writes += batch.count
                counters.batches += 1
                counters.busySeconds += busy.inSeconds
                counters.commitSeconds += committing.inSeconds
            }
        }
    }

    /// The writes queued now, at most `maxBatchSize`; nil once closing with nothing left; none
    /// when readers have held snapshots through the pool's `snapshotMaxAge` with no write coming.
    private func nextBatch() -> [any PendingWrite]? {
        lock.withLock {
            while queue.isEmpty && !isClosing {
                if !workAvailable.wait(with: lock, timeout: readers.snapshotMaxAge), queue.isEmpty, !isClosing,
                    readers.holdsSnapshots
                {
                    return []
                }
            }
            guard !queue.isEmpty else { return nil }
            let batch = Array(queue.prefix(maxBatchSize))
            queue.removeFirst(batch.count)
            return batch
        }
    }

    /// Commits the batch in one transaction, first with its writes one after another. A savepoint
    /// around each write would let one fail alone, but it copies every page the write changes
    /// into its sub-journal, which cost a fifth of the writer's time at intake; and writes seldom
    /// fail. When one does, the transaction is rolled back and the batch goes again, each write in
    /// its own savepoint, so that the failure is undone alone and the others still commit.
    /// Returns the time COMMIT took.
    private func commit(_ batch: [any PendingWrite]) -> Duration {
        do {
            return try timedTransaction {
                for write in batch where !write.perform(on: connection) { throw RolledBack() }
            }
        } catch is RolledBack {
            // A lone write that failed has its error, and nothing of it was kept.
            return batch.count > 1 ? commitEachInItsSavepoint(batch) : .zero
        } catch {
            for write in batch { write.fail(with: error) }
            return .zero
        }
    }

    private func commitEachInItsSavepoint(_ batch: [any PendingWrite]) -> Duration {
        do {
            return try timedTransaction {
                for write in batch {
                    do {
                        try connection.savepoint("write") {
                            if !write.perform(on: connection) { throw RolledBack() }
                        }
                    } catch is RolledBack {
                        continue
                    }
                }
            }
        } catch {
            // BEGIN, a savepoint's own statements or COMMIT failed: nothing of the batch is on disk.
            for write in batch { write.fail(with: error) }
            return .zero
        }
    }

    /// Runs `body` in an immediate transaction; returns the time its COMMIT took.
    private func timedTransaction(_ body: () throws -> Void) throws -> Duration {
        var committing = ContinuousClock.now
        try connection.transaction(.immediate) {
            try body()
            committing = .now
        }
        return committing.duration(to: .now)
    }

    /// Checkpoints after the batch's callers were answered, so that they never wait for it.
    ///
    /// The pool's idle readers let go of their snapshots first. Passive checkpoints copy what the
    /// readers still reading allow; when readers kept them from finishing and the WAL
    /// grew past `truncateAfterPages`, a truncating one waits for those readers, briefly: the checkpoint
    /// calls the busy handler while it waits (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
    /// A failed checkpoint loses nothing and is tried again after the next commit.
    private func checkpointIfNeeded() {
        guard walFrames >= checkpointPolicy.passiveAfterPages else { return }
        readers.endIdleSnapshots()
        if walFrames >= checkpointPolicy.truncateAfterPages {
            if truncate() { walFrames = 0 }
        } else {
            _ = try? connection.checkpoint(.passive)
        }
    }

    /// A truncating checkpoint that waits at most `truncateWait`, since it holds the write lock while it
    /// waits and so stalls every writer, this process's or another's; whether it finished.
    private func truncate() -> Bool {
        connection.setBusyTimeout(checkpointPolicy.truncateWait)
        defer { connection.setBusyTimeout(busyTimeout) }
        return (try? connection.checkpoint(.truncate)) != nil
    }
}
