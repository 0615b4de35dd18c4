import TestClient
import Testing
import SQLite

@Suite struct WALTests {
    private func walDatabase(_ directory: TestDirectory) throws -> Connection {
        let connection = try Connection(path: directory.path("db.sqlite"))
        try connection.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x)")
        return connection
    }

    @Test("the WAL hook reports the WAL's growing size after each commit")
    func walHook() throws {
        let directory = try TestDirectory()
        let connection = try walDatabase(directory)
        var reported: [Int] = []
        connection.onWALCommit { reported.append($0) }
        try connection.run("INSERT INTO t VALUES (1)")
        try connection.run("INSERT INTO t VALUES (2)")
        #expect(reported.count == 2)
        #expect(reported[0] > 0 && reported[1] > reported[0])
    }

    @Test("a truncating checkpoint copies every frame and empties the WAL")
    func truncate() throws {
        let directory = try TestDirectory()
        let connection = try walDatabase(directory)
        try connection.run("INSERT INTO t VALUES (1)")
        let passive = try connection.checkpoint(.passive)
        #expect(passive.walFrames > 0 && passive.checkpointedFrames == passive.walFrames)
        let truncated = try connection.checkpoint(.truncate)
        #expect(truncated.walFrames == 0 && truncated.checkpointedFrames == 0)
    }

    @Test("a reader in a transaction keeps a truncating checkpoint from finishing")
    func busyCheckpoint() throws {
        let directory = try TestDirectory()
        let connection = try walDatabase(directory)
        let reader = try Connection(path: directory.path("db.sqlite"), options: .readOnly)
        try connection.run("INSERT INTO t VALUES (1)")
        try reader.transaction {
            _ = try reader.first("SELECT count(*) FROM t")
            try connection.run("INSERT INTO t VALUES (2)")
            let error = try #require(throws: SQLiteError.self) { try connection.checkpoint(.truncate) }
            #expect(error.isBusy)
        }
    }

    @Test("a backup holds the source's rows and passes the integrity check")
    func backup() throws {
        let directory = try TestDirectory()
        let source = try walDatabase(directory)
        try source.execute(
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 1000) INSERT INTO t SELECT x FROM s"
        )
        let destination = try Connection(path: directory.path("copy.sqlite"))
        try source.backup(to: destination)
        #expect(try destination.first("SELECT count(*), sum(x) FROM t")?.values == [.integer(1000), .integer(500_500)])
        #expect(try destination.first("PRAGMA integrity_check")?[0] == .text("ok"))
    }
}
