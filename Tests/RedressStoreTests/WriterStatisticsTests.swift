import TestClient
import Testing
@testable import RedressStore
import SQLite

@Suite struct WriterStatisticsTests {
    struct Refused: Error {}

    @Test func theWriterCountsItsWritesBatchesAndTime() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration(), migrations: GroupCommitTests.itemsTable)
        defer { database.close() }
        #expect(database.writerStatistics == WriterStatistics())

        // Ten writes queue behind a held one (counted by `queued` as they arrive), so that they
        // make one batch; one of them fails, which makes that batch go again with each write in
        // its own savepoint: still one batch, and each write counted once.
        let callers = startBehindGate(
            database,
            (0..<10).map { index in
                { @Sendable connection in
                    if index == 4 { throw Refused() }
                    try connection.run("INSERT INTO items (name) VALUES (?)", "item \(index)")
                }
            })
        let failed = callers.map { $0.wait() }.filter { (try? $0.get()) == nil }
        #expect(failed.count == 1)
        #expect(eventually { database.writerStatistics.writes == 11 })

        let statistics = database.writerStatistics
        #expect(statistics.batches == 2)
        #expect(statistics.queued == 0)
        #expect(statistics.commitSeconds > 0)
        #expect(statistics.busySeconds > statistics.commitSeconds)
        #expect(try database.read { try $0.first("SELECT count(*) FROM items")?.get(0) as Int? } == 9)
    }
}
