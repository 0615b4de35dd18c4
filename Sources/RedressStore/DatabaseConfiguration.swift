/// Where the database lives and how its connections behave; every default is the one the service runs with.
public struct DatabaseConfiguration: Sendable {
    /// How often SQLite calls fsync (https://sqlite.org/pragma.html#pragma_synchronous).
    public enum Synchronous: String, Sendable {
        /// Sync the WAL on every commit: a committed write survives power loss.
        case full = "FULL"
        /// Sync only at checkpoints: survives a process crash, but a power loss may lose the last commits.
        case normal = "NORMAL"
        /// Never sync: for throw-away databases only.
        case off = "OFF"
    }

    /// When the writer checkpoints the WAL, after answering a batch's callers.
    public struct CheckpointPolicy: Sendable {
        /// A passive checkpoint (never waits) once the WAL holds this many pages; default 1,000, SQLite's own default.
        public var passiveAfterPages: Int = 1_000
        /// A truncating checkpoint once the WAL holds this many pages, which happens only when readers kept
        /// passive checkpoints from finishing; default 10,000 (about 40 MiB).
        public var truncateAfterPages: Int = 10_000
        /// How long a truncating checkpoint waits for readers of older snapshots before giving up until the next
        /// batch; default 10 ms, so that a long reader (a backup) delays each batch by no more than that.
        public var truncateWait: Duration = .milliseconds(10)

        /// The default policy.
        public init() {}
    }

    /// The database file; its directory is created when missing.
    public var path: String
    /// fsync policy of the writer; default `.full`, so that an acknowledged write survives power loss.
    public var synchronous: Synchronous = .full
    /// Read-only connections in the pool; default 4 (reads beyond that wait for a free connection).
    public var readerCount: Int = 4
    /// How long a pooled reader may keep serving reads from the snapshot it holds while this
    /// process's writer commits nothing; default 50 ms. Only changes committed by another process
    /// (`redress create-key` beside the server) wait that long to be seen.
    public var snapshotMaxAge: Duration = .milliseconds(50)
    /// How long a connection waits on another's lock before SQLITE_BUSY; default 5 seconds.
    public var busyTimeout: Duration = .seconds(5)
    /// The most writes one group commit takes; default 256. 1 turns group commit off.
    public var maxBatchSize: Int = 256
    /// How many complaints' search text may wait in the search queue while writes keep coming;
    /// default 256. The writer moves the queue into the full-text index whenever it has nothing
    /// else to do, or once this many entries wait, since indexing many at once costs far less per
    /// complaint. Searches read the queue as well, so they find a complaint as soon as it is committed.
    public var searchIndexingBatch: Int = 256
    /// When the WAL is checkpointed; see `CheckpointPolicy`.
    public var checkpoint = CheckpointPolicy()

    /// The defaults, for the database at `path`.
    public init(path: String) {
        self.path = path
    }
}
