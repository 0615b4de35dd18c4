/// What the writer thread has done since the database opened, for `/metrics`: whether it keeps up
/// (`busySeconds` growing nearly as fast as the clock means it is saturated), how well group commit
/// batches (`writes` per batch), and what the disk costs (`commitSeconds`).
public struct WriterStatistics: Sendable, Equatable {
    /// Writes the writer has run and answered, committed or failed.
    public var writes = 0
    /// Batches it has run, each in one transaction (two, when a failed write made it go again).
    public var batches = 0
    /// Wall-clock time it spent on batches: the writes, COMMIT, answering the callers, and what
    /// follows a batch (search indexing, checkpoints). The rest of its time it waited for writes.
    public var busySeconds = 0.0
    /// Wall-clock time inside the COMMITs that succeeded: writing the WAL and, with synchronous=FULL,
    /// waiting for fsync.
    public var commitSeconds = 0.0
    /// Writes waiting for the next batch now.
    public var queued = 0
    /// Writes refused because the disk had no room for them.
    public var storageFullFailures = 0
    /// Whether the last write that either committed or failed for lack of space failed for it:
    /// writes fail now, until space frees.
    public var isStorageFull = false

    /// No work yet.
    public init() {}
}

extension Duration {
    /// The duration in seconds, as the metrics and the benchmarks count time.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
