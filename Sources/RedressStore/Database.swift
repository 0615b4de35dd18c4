import SQLite

/// What a read or a write works through: one of the database's connections, lent for one
/// transaction, with the store's queries (the `Connection+…` files) on it. Under this name the
/// layers above read without importing `SQLite`.
public typealias Transaction = Connection

/// The service's database: one writer thread that group-commits, a pool of readers, migrations at start.
public final class Database: Sendable {
    /// The configuration the database was opened with.
    public let configuration: DatabaseConfiguration
    /// What opening did to the schema.
    public let migrationReport: MigrationReport
    /// The read-only connections.
    let readers: ReaderPool
    /// How many reads wait now for a reader, every one being lent.
    public var waitingForReaders: Int { readers.waitingBorrowers }
    /// The writer thread and its queue.
    let writer: Writer
    /// The server's own secret, in a file beside the database, for sealing what it must not store in plaintext.
    public let serverKey: ServerKey

    /// Creates the directory and file if needed, opens the writer and readers, and applies pending migrations.
    ///
    /// Throws `DatabaseError.newerSchema` for a database migrated by a newer build.
    public init(configuration: DatabaseConfiguration, migrations: [Migration] = Schema.migrations) throws {
        precondition(configuration.maxBatchSize >= 1, "a batch holds at least one write")
        self.configuration = configuration
        serverKey = ServerKey(databasePath: configuration.path)
        let connection = try configuration.openWriter()
        migrationReport = try Migrator(migrations: migrations).migrate(connection)
        readers = try ReaderPool(configuration: configuration)
        let queuesSearchText = try connection.queuesSearchText
        let searchIndexingBatch = configuration.searchIndexingBatch
        writer = Writer(
            connection: connection, configuration: configuration, readers: readers,
            afterBatch: !queuesSearchText
                ? nil
                : { connection, isIdle in
                    try connection.indexQueuedSearchText(atLeast: isIdle ? 1 : searchIndexingBatch)
                })
    }

    deinit { close() }

    /// Applies pending migrations without serving, as `redress migrate` does.
    public static func migrate(
        configuration: DatabaseConfiguration, migrations: [Migration] = Schema.migrations
    ) throws -> MigrationReport {
        let connection = try configuration.openWriter()
        defer { connection.close() }
        return try Migrator(migrations: migrations).migrate(connection)
    }

    /// Runs `body` on a pooled read-only connection inside a read transaction, so it sees one
    /// committed snapshot, which holds every write this process's `write` has returned from (and
    /// other processes' commits at most `snapshotMaxAge` old). When every reader is lent, waits for
    /// one, or throws `DatabaseError.readersBusy` unless `waiting`. The body must not end the transaction.
    public func read<T: Sendable>(waiting: Bool = true, _ body: @Sendable (Connection) throws -> T) throws -> T {
        try readers.read(waiting: waiting, body)
    }

    /// Runs `body` on the writer thread, and returns once the batch holding it has committed.
    ///
    /// A throwing body is rolled back alone and its error returned; a failed COMMIT fails every write of the
    /// batch. When a write of its batch fails, the batch goes again, so `body` may run twice: it must
    /// work on the connection only, with no effect outside it. It must not end the transaction, and
    /// must not call `write` (it would wait for itself).
    public func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try writer.submit(body)
    }

    /// What the writer thread has done since the database opened, and how many writes wait now.
    public var writerStatistics: WriterStatistics { writer.statistics }

    /// Room that must be free beside the database before writes are thought possible again, once
    /// they have failed for lack of space: a small write can still fit where a failed larger one
    /// left WAL space behind, so one write's success proves little.
    static let roomToResume = 1 << 20

    /// Throws unless a reader can run a query, and, while writes fail for lack of space, throws
    /// `DatabaseError.storageFull` unless `roomToResume` bytes can now be allocated beside the
    /// database: the readiness probe. Finding the room ends the storage-full state.
    public func ping() throws {
        _ = try read { try $0.first("SELECT 1") }
        if writerStatistics.isStorageFull {
            guard DiskSpace.canAllocate(Self.roomToResume, besideFile: configuration.path) else {
                throw DatabaseError.storageFull
            }
            writer.roomFound()
        }
    }

    /// Whether `PRAGMA integrity_check` finds the database intact (https://sqlite.org/pragma.html#pragma_integrity_check).
    public func checkIntegrity() throws -> Bool {
        try read { try $0.first("PRAGMA integrity_check")?.get(0) as String? } == "ok"
    }

    /// Commits the queued writes, checkpoints and closes every connection; later calls do nothing.
    public func close() {
        readers.close()
        writer.close()
    }
}
