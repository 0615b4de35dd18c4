import TestClient
import Foundation
import Testing
@testable import RedressStore
import SQLite

@Suite struct DatabaseTests {
    struct Refused: Error {}

    static let pairs = [
        Migration(
            version: 1, name: "pairs",
            sql: """
                CREATE TABLE pairs (n INTEGER NOT NULL, side TEXT NOT NULL, payload BLOB, PRIMARY KEY (n, side));
                """)
    ]

    private func walBytes(_ configuration: DatabaseConfiguration) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: configuration.path + "-wal"))?[.size] as? Int) ?? 0
    }

    /// The size of one WAL frame: a page of 4,096 bytes and its 24-byte header.
    private static let walFrame = 4_096 + 24

    /// Writes rows numbered `numbers`, one write each, each row about a page of its own.
    private func writePageRows(_ database: Database, _ numbers: Range<Int>) throws {
        for n in numbers {
            try database.write { try $0.run("INSERT INTO pairs (n, side, payload) VALUES (?, 'a', zeroblob(4000))", n) }
        }
    }

    private func open(
        _ directory: TestDirectory, readers: Int,
        _ adjust: (inout DatabaseConfiguration) -> Void = { _ in }
    ) throws -> Database {
        var configuration = directory.configuration()
        configuration.readerCount = readers
        adjust(&configuration)
        return try Database(configuration: configuration, migrations: Self.pairs)
    }

    /// How many rows `pairs` holds, as a pooled reader sees it.
    private func pairCount(_ database: Database) throws -> Int {
        try database.read { try $0.first("SELECT count(*) FROM pairs")!.get(0, as: Int.self) }
    }

    /// Inserts into `pairs` through a connection of its own, not through `write`: as another
    /// process (`redress create-key` beside a running server) would.
    private func insertFromElsewhere(_ database: Database, n: Int) throws {
        let other = try Connection(path: database.configuration.path)
        defer { other.close() }
        try other.run("INSERT INTO pairs (n, side) VALUES (?, 'a')", n)
    }

    @Test("close commits the writes already queued, then refuses new reads and writes")
    func closeDrains() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration(), migrations: Self.pairs)
        let gate = Gate()
        let holder = Background { try? database.write { _ in gate.pass() } }
        #expect(eventually { gate.arrived == 1 })
        let queued = (0..<3).map { n in
            Background {
                Result { try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (?, 'a')", n) } }
            }
        }
        #expect(eventually { database.writerStatistics.queued == 3 })
        let closer = Background { database.close() }
        #expect(eventually { !database.writer.isAccepting })
        gate.open()
        closer.wait()
        holder.wait()
        for write in queued { #expect(throws: Never.self) { try write.wait().get() } }
        #expect(throws: DatabaseError.closed) { try database.write { _ in } }
        #expect(throws: DatabaseError.closed) { try database.ping() }
        database.close()
        let reopened = try Connection(path: directory.configuration().path, options: .readOnly)
        #expect(try reopened.first("SELECT count(*) FROM pairs")?.get(0) as Int? == 3)
    }

    @Test("a read that may not wait is refused at once while every reader is lent, and served once one is back")
    func readWithoutWaiting() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 2)
        let gate = Gate()
        let holders = (0..<2).map { _ in Background { try? database.read { _ in gate.pass() } } }
        #expect(eventually { gate.arrived == 2 })
        #expect(throws: DatabaseError.readersBusy) { try database.read(waiting: false) { _ in } }
        let waiting = Background {
            Result { try database.read { try $0.first("SELECT count(*) FROM pairs")?.get(0) as Int? } }
        }
        gate.open()
        holders.forEach { _ = $0.wait() }
        #expect(try waiting.wait().get() == 0)
        #expect(try database.read(waiting: false) { try $0.first("SELECT 1")?.get(0) as Int? } == 1)
    }

    @Test("the writer keeps its savepoints' undo pages in memory, not in temporary files")
    func subJournalsInMemory() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration(), migrations: Self.pairs)
        // 2 is MEMORY (https://sqlite.org/pragma.html#pragma_temp_store).
        #expect(try database.write { try $0.first("PRAGMA temp_store")?.get(0) as Int? } == 2)
    }

    @Test("a backup taken while writers run is a consistent, intact copy")
    func backupUnderLoad() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration(), migrations: Self.pairs)
        defer { database.close() }
        let target = directory.path("backups/copy.sqlite")
        try FileManager.default.createDirectory(atPath: directory.path("backups"), withIntermediateDirectories: true)
        let writers = (0..<4).map { thread in
            Background {
                for index in 0..<150 {
                    // Two rows per write: a consistent copy never holds one without the other.
                    try? database.write { connection in
                        let n = thread * 1_000 + index
                        try connection.run("INSERT INTO pairs (n, side, payload) VALUES (?, 'a', zeroblob(2000))", n)
                        try connection.run("INSERT INTO pairs (n, side, payload) VALUES (?, 'b', zeroblob(2000))", n)
                    }
                }
            }
        }
        #expect(
            eventually {
                (try? database.read { try $0.first("SELECT count(*) FROM pairs")?.get(0) as Int? }) ?? 0 > 100
            })
        try database.backup(to: target)
        writers.forEach { $0.wait() }
        #expect(!FileManager.default.fileExists(atPath: target + ".partial"))
        let copy = try Connection(path: target, options: .readOnly)
        #expect(try copy.first("PRAGMA integrity_check")?.get(0) as String? == "ok")
        let count = try #require(try copy.first("SELECT count(*) FROM pairs")?.get(0) as Int?)
        #expect(count > 100 && count % 2 == 0)
        #expect(
            try copy.first("SELECT count(*) FROM (SELECT n FROM pairs GROUP BY n HAVING count(*) != 2)")?.get(0) as Int?
                == 0)
        #expect(try copy.first("PRAGMA user_version")?.get(0) as Int? == 1)
    }

    @Test("a backup holds every write returned before it, though the reader it copies through kept an older snapshot")
    func backupSeesTheLatestWrites() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 1) { $0.snapshotMaxAge = .seconds(3600) }
        defer { database.close() }
        #expect(try pairCount(database) == 0)
        try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (1, 'a')") }
        let target = directory.path("copy.sqlite")
        try database.backup(to: target)
        let copy = try Connection(path: target, options: .readOnly)
        defer { copy.close() }
        #expect(try copy.first("SELECT count(*) FROM pairs")?.get(0) as Int? == 1)
    }

    @Test("a backup into a missing directory fails and leaves nothing behind")
    func backupFailure() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration(), migrations: Self.pairs)
        defer { database.close() }
        let target = directory.path("missing/copy.sqlite")
        #expect(throws: SQLiteError.self) { try database.backup(to: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("a backup refuses to replace the database it copies")
    func backupOverItself() throws {
        let directory = try TestDirectory()
        let configuration = directory.configuration()
        let database = try Database(configuration: configuration, migrations: Self.pairs)
        defer { database.close() }
        try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (1, 'a')") }
        let sameFile = directory.path("data/../data/redress.sqlite")
        #expect(throws: DatabaseError.backupOverwritesDatabase(path: sameFile)) { try database.backup(to: sameFile) }
        #expect(try database.read { try $0.first("SELECT count(*) FROM pairs")?.get(0) as Int? } == 1)
    }

    @Test("the writer's checkpoints keep the WAL small, and truncate it once long readers let go")
    func checkpointsBoundTheWAL() throws {
        let directory = try TestDirectory()
        var configuration = directory.configuration()
        configuration.checkpoint.passiveAfterPages = 16
        configuration.checkpoint.truncateAfterPages = 64
        let database = try Database(configuration: configuration, migrations: Self.pairs)
        defer { database.close() }
        try writePageRows(database, 0..<200)
        // Without checkpoints these 200 writes would leave over 400 frames in the WAL.
        #expect(walBytes(configuration) < 32 * Self.walFrame)

        let reader = try Connection(path: configuration.path, options: .readOnly)
        try reader.transaction {
            _ = try reader.first("SELECT count(*) FROM pairs")
            try writePageRows(database, 200..<240)
            #expect(walBytes(configuration) > 64 * Self.walFrame)
        }
        try writePageRows(database, 240..<242)
        #expect(walBytes(configuration) < 16 * Self.walFrame)
    }

    @Test(
        "a pooled reader keeps its snapshot between reads, yet sees every write returned before the read, and a failed read leaves it usable"
    )
    func readsSeeEveryReturnedWrite() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 1)
        defer { database.close() }
        try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (1, 'a')") }
        #expect(try pairCount(database) == 1)
        #expect(try database.read { $0.isInTransaction }, "the reader keeps its transaction between reads")
        try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (2, 'a')") }
        #expect(try pairCount(database) == 2, "a write that returned is in the next read's snapshot")

        #expect(throws: SQLiteError.self) { try database.read { try $0.first("SELECT nothing FROM pairs") } }
        #expect(try pairCount(database) == 2, "a failed read leaves the reader usable")
    }

    @Test("another process's commit is seen once the reader's snapshot is older than its limit")
    func otherProcessesCommitsAreSeenWithinTheSnapshotLimit() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 1) { $0.snapshotMaxAge = .milliseconds(200) }
        defer { database.close() }
        #expect(try pairCount(database) == 0)
        try insertFromElsewhere(database, n: 1)
        #expect(try pairCount(database) == 0, "within the limit, the snapshot held is still served")
        #expect(eventually { (try? pairCount(database)) == 1 })
    }

    @Test("a read that fails with an error of its own keeps the reader's snapshot; one that fails in SQLite ends it")
    func onlySQLiteErrorsEndASnapshot() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 1) { $0.snapshotMaxAge = .seconds(3600) }
        defer { database.close() }
        #expect(try pairCount(database) == 0)
        try insertFromElsewhere(database, n: 1)
        #expect(throws: Refused.self) { try database.read { _ in throw Refused() } }
        #expect(try pairCount(database) == 0, "the snapshot from before the other process's commit is still held")
        #expect(throws: SQLiteError.self) { try database.read { try $0.first("SELECT nothing FROM pairs") } }
        #expect(try pairCount(database) == 1, "after an SQLite error the reader starts a new snapshot")
    }

    @Test("an idle database's readers let go of their snapshots, so that another process can checkpoint the whole WAL")
    func idleReadersLetGoOfTheirSnapshots() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 1) { $0.snapshotMaxAge = .milliseconds(100) }
        defer { database.close() }
        try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (1, 'a')") }
        #expect(try pairCount(database) == 1)
        let other = try Connection(path: database.configuration.path)
        defer { other.close() }
        try other.execute("PRAGMA busy_timeout = 0")
        // The first column is 1 when readers kept the checkpoint from finishing (https://sqlite.org/pragma.html#pragma_wal_checkpoint).
        let blocked = { try other.first("PRAGMA wal_checkpoint(TRUNCATE)")?.get(0) as Int? == 1 }
        // Unless the writer already let go (the machine stalled past the limit), the snapshot blocks it.
        if database.readers.holdsSnapshots {
            #expect(try blocked(), "a snapshot on the WAL keeps a truncating checkpoint from finishing")
        }
        #expect(eventually { !database.readers.holdsSnapshots })
        #expect(try !blocked())
    }

    @Test("the snapshots idle readers keep do not hold back the writer's checkpoints")
    func idleSnapshotsDoNotHoldBackCheckpoints() throws {
        let directory = try TestDirectory()
        let database = try open(directory, readers: 2) {
            $0.checkpoint.passiveAfterPages = 16
            $0.checkpoint.truncateAfterPages = 64
            $0.snapshotMaxAge = .seconds(3600)
        }
        defer { database.close() }
        try database.write { try $0.run("INSERT INTO pairs (n, side) VALUES (-1, 'a')") }
        // Both readers read at once, so that each holds a snapshot, then go idle keeping it.
        let gate = Gate()
        let readers = (0..<2).map { _ in
            Background {
                try? database.read { connection -> Int? in
                    gate.pass()
                    return try connection.first("SELECT count(*) FROM pairs")?.get(0)
                }
            }
        }
        #expect(eventually { gate.arrived == 2 })
        gate.open()
        readers.forEach { _ = $0.wait() }
        try writePageRows(database, 0..<200)
        // Pinned snapshots would have let the WAL grow past 400 frames.
        #expect(walBytes(database.configuration) < 32 * Self.walFrame)
        #expect(try pairCount(database) == 201)
    }

    @Test("ping and the integrity check pass on a healthy database")
    func health() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration())
        defer { database.close() }
        try database.ping()
        #expect(try database.checkIntegrity())
    }

    @Test("a write's own error reaches its caller and its changes are undone")
    func ownError() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration(), migrations: Self.pairs)
        defer { database.close() }
        #expect(throws: Refused.self) {
            try database.write { connection in
                try connection.run("INSERT INTO pairs (n, side) VALUES (1, 'a')")
                throw Refused()
            }
        }
        #expect(try database.read { try $0.first("SELECT count(*) FROM pairs")?.get(0) as Int? } == 0)
    }
}
