import TestClient
import CSystem
import Testing
import SQLite

@Suite struct LibraryTests {
    @Test("memory statistics are off, so allocations take no process-wide lock")
    func memoryStatisticsAreOff() throws {
        let directory = try TestDirectory()
        let connection = try Connection(path: directory.path("db.sqlite"))
        try connection.execute("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(100000))")
        #expect(try connection.first("SELECT length(x) FROM t")?.get(0) as Int? == 100_000)
        // SQLite counts the memory it holds only while the statistics are on.
        #expect(sqlite3_memory_used() == 0)
    }
}
