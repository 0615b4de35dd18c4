internal import CSystem

extension Connection {
    /// How hard a checkpoint tries (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
    public enum CheckpointMode: Sendable {
        /// Copy what can be copied without waiting for readers or writers.
        case passive
        /// Wait for readers, copy everything, then wait until new readers start from the database file.
        case restart
        /// Like restart, then truncate the WAL file to zero bytes.
        case truncate

        var code: Int32 {
            switch self {
            case .passive: SQLITE_CHECKPOINT_PASSIVE
            case .restart: SQLITE_CHECKPOINT_RESTART
            case .truncate: SQLITE_CHECKPOINT_TRUNCATE
            }
        }
    }

    /// What a checkpoint found and did.
    public struct CheckpointResult: Sendable, Equatable {
        /// Frames in the WAL when the checkpoint ended.
        public let walFrames: Int
        /// Of those, frames copied back into the database file.
        public let checkpointedFrames: Int
    }

    /// A closure retained by the connection for sqlite3_wal_hook, whose context pointer is unretained.
    final class WALHook {
        /// Called with the WAL's frame count.
        let body: (Int) -> Void
        /// Keeps `body`.
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }

    /// Checkpoints the WAL of the main database; throws SQLITE_BUSY when readers kept a restart or truncate from finishing.
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode) throws -> CheckpointResult {
        var walFrames: Int32 = 0
        var checkpointedFrames: Int32 = 0
        let code = sqlite3_wal_checkpoint_v2(handle, nil, mode.code, &walFrames, &checkpointedFrames)
        try check(code, sql: nil)
        return CheckpointResult(walFrames: Int(walFrames), checkpointedFrames: Int(checkpointedFrames))
    }

    /// Calls `body` with the WAL's size in frames after every commit on this connection.
    ///
    /// This replaces SQLite's automatic checkpoint, which is itself a WAL hook
    /// (https://sqlite.org/c3ref/wal_hook.html): the caller takes over checkpointing.
    public func onWALCommit(_ body: @escaping (Int) -> Void) {
        let hook = WALHook(body)
        walHook = hook
        sqlite3_wal_hook(
            handle,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALHook>.fromOpaque(context).takeUnretainedValue().body(Int(frames))
                return SQLITE_OK
            }, Unmanaged.passUnretained(hook).toOpaque())
    }
}
