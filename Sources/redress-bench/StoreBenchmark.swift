import Foundation
import RedressStore
import SQLite

/// Single-row commits per second, with and without group commit, next to the raw one-commit-per-row rate; point reads.
///
/// Everything runs under synchronous=FULL on files in `--dir` (by default under ./.build, the repository's disk).
struct StoreBenchmark {
    private static let schema = [
        Migration(
            version: 1, name: "bench",
            sql: """
                CREATE TABLE bench (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
                """)
    ]
    private static let payload = String(repeating: "x", count: 100)
    private static let insert = "INSERT INTO bench (payload) VALUES (?)"
    private static let pointRead = "SELECT payload FROM bench WHERE id = ?"
    private static let seededRows = 100_000

    private let directory: URL
    private let duration: Duration
    /// `raw-commits --synchronous`; the `store` table is always synchronous=FULL.
    private let rawSynchronous: DatabaseConfiguration.Synchronous

    /// Reads `--dir`, `--seconds` and `--synchronous`.
    init(arguments: Arguments) throws {
        let parent = try arguments.string("dir", default: ".build/redress-bench")
        directory = URL(fileURLWithPath: parent).appendingPathComponent(
            "store-\(ProcessInfo.processInfo.processIdentifier)")
        duration = .seconds(try arguments.integer("seconds", default: 3))
        let synchronous = try arguments.string("synchronous", default: "full")
        guard let rawSynchronous = DatabaseConfiguration.Synchronous(rawValue: synchronous.uppercased()) else {
            throw Arguments.Invalid(description: "--synchronous takes full, normal or off")
        }
        self.rawSynchronous = rawSynchronous
    }

    /// Runs every measurement and prints the table.
    func run() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        print("redress-bench store: synchronous=FULL, WAL, \(duration.inSeconds) s per row, files in \(directory.path)")
        print("| measurement | threads | per second |")
        print("|---|---:|---:|")
        report(
            "raw sqlite3: one BEGIN IMMEDIATE/INSERT/COMMIT per row, one connection", threads: 1, try rawCommits(.full))
        for (label, batch) in [
            ("Database.write, group commit off (maxBatchSize 1)", 1),
            ("Database.write, group commit (maxBatchSize 256)", 256),
        ] {
            for threads in [1, 8, 64] {
                report(label, threads: threads, try groupCommits(threads: threads, maxBatchSize: batch))
            }
        }
        let reads = try pointReads()
        report("raw sqlite3: point read by primary key, one connection", threads: 1, reads.raw)
        for (threads, rate) in reads.pooled {
            report("Database.read: point read by primary key, 4 pooled readers", threads: threads, rate)
        }
    }

    /// Prints only the raw one-commit-per-row rate, the fsync wall that group commit is measured against
    /// (with `--synchronous off`, the same commits without waiting for the disk: how high that wall is).
    func printRawCommits() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        print(Int(try rawCommits(rawSynchronous).rounded()))
    }

    private func report(_ label: String, threads: Int, _ rate: Double) {
        print("| \(label) | \(threads) | \(Int(rate.rounded()).formatted()) |")
    }

    private func configuration(_ name: String, maxBatchSize: Int = 256) -> DatabaseConfiguration {
        var configuration = DatabaseConfiguration(path: directory.appendingPathComponent(name).path)
        configuration.synchronous = .full
        configuration.maxBatchSize = maxBatchSize
        return configuration
    }

    private func rawCommits(_ synchronous: DatabaseConfiguration.Synchronous) throws -> Double {
        let path = directory.appendingPathComponent("raw.sqlite").path
        _ = try Database.migrate(configuration: configuration("raw.sqlite"), migrations: Self.schema)
        // A connection owned by one thread, so handing it to the worker below is safe.
        nonisolated(unsafe) let connection = try Connection(path: path)
        defer { connection.close() }
        // The value comes from the enum, not from the command line's text.
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = \(synchronous.rawValue)")
        return try completionsPerSecond(threads: 1, for: duration) { _ in
            try connection.transaction(.immediate) { try connection.run(Self.insert, Self.payload) }
        }
    }

    private func groupCommits(threads: Int, maxBatchSize: Int) throws -> Double {
        let database = try Database(
            configuration: configuration("write-\(maxBatchSize)-\(threads).sqlite", maxBatchSize: maxBatchSize),
            migrations: Self.schema)
        defer { database.close() }
        return try completionsPerSecond(threads: threads, for: duration) { _ in
            try database.write { try $0.run(Self.insert, Self.payload) }
        }
    }

    private func pointReads() throws -> (raw: Double, pooled: [(Int, Double)]) {
        let configuration = configuration("reads.sqlite")
        let database = try Database(configuration: configuration, migrations: Self.schema)
        defer { database.close() }
        try database.write { connection in
            for _ in 0..<Self.seededRows { try connection.run(Self.insert, Self.payload) }
        }
        nonisolated(unsafe) let connection = try Connection(path: configuration.path, options: .readOnly)
        defer { connection.close() }
        let raw = try completionsPerSecond(threads: 1, for: duration) { _ in
            _ = try connection.first(Self.pointRead, Int.random(in: 1...Self.seededRows))
        }
        let pooled = try [1, 8].map { threads in
            (
                threads,
                try completionsPerSecond(threads: threads, for: duration) { _ in
                    _ = try database.read { try $0.first(Self.pointRead, Int.random(in: 1...Self.seededRows)) }
                }
            )
        }
        return (raw, pooled)
    }
}
