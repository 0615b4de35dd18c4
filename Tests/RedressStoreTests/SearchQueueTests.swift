import TestClient
import Testing
@testable import RedressStore
import RedressDomain
import SQLite

/// The search queue: the writer moves queued search text into the full-text index when it has
/// nothing else to do or once enough waits, and searches find a complaint either way.
@Suite struct SearchQueueTests {
    private static let receivedAt = Instant(rfc3339: "2026-11-20T09:00:00Z")!

    private func open(_ directory: TestDirectory, indexingBatch: Int) throws -> Database {
        var configuration = directory.configuration()
        // One write per batch, so that a gated write queued behind the others keeps the writer busy.
        configuration.maxBatchSize = 1
        configuration.searchIndexingBatch = indexingBatch
        let database = try Database(configuration: configuration)
        _ = try database.write {
            try $0.insertAPIKey(name: "intake", role: .intake, lookup: "lookup", digest: [1], at: Self.receivedAt)
        }
        return database
    }

    private func complaint(_ serial: Int, title: String, description: String) -> Complaint {
        Complaint(
            id: 0, number: CaseNumber(month: "202611", serial: serial), channel: .web, priority: .normal,
            priorityReason: "no rule raised it", title: title, description: description,
            complainant: Complainant(name: "Wang Fang"), subject: Subject(type: .order, ref: "SO-\(serial)"),
            receivedAt: Self.receivedAt, receivedBy: "web form", createdByKey: 1, createdAt: Self.receivedAt,
            updatedAt: Self.receivedAt, firstResponseDueAt: Self.receivedAt.adding(hours: 24),
            resolutionDueAt: Self.receivedAt.adding(hours: 168))
    }

    private func insert(_ complaint: Complaint) -> @Sendable (Connection) throws -> Void {
        { _ = try $0.insertComplaint(complaint, trackingDigest: [2]) }
    }

    /// The ids of the complaints whose searched text holds `text`, and how many entries are queued.
    private func search(_ database: Database, _ text: String) throws -> (ids: [Int64], queued: Int) {
        try database.read { connection in
            var filter = ComplaintFilter()
            filter.text = text
            var ids: [Int64] = []
            _ = try connection.complaints(filter, after: nil, limit: 50, now: Self.receivedAt) { ids.append($0.id) }
            return (
                ids.sorted(), try connection.first("SELECT count(*) FROM complaint_search_queue")!.get(0, as: Int.self)
            )
        }
    }

    /// Runs `writes` one batch each behind a held write (`startBehindGate`), then leaves the
    /// writer held in a second write, busy, until the returned gate opens.
    private func writeThenHold(_ database: Database, _ writes: [@Sendable (Connection) throws -> Void]) throws -> Gate {
        let second = Gate()
        let callers = startBehindGate(database, writes + [{ _ in second.pass() }])
        for caller in callers.dropLast() { try caller.wait().get() }
        #expect(eventually { second.arrived == 1 })
        return second
    }

    @Test("a complaint written while the writer is busy is found through the queue, and after indexing")
    func queuedTextIsSearched() throws {
        let directory = try TestDirectory()
        let database = try open(directory, indexingBatch: 100)
        let boiler = complaint(1, title: "Boiler leaks again", description: "Water under the boiler.")
        let indexed = try database.write { try $0.insertComplaint(boiler, trackingDigest: [2]) }
        #expect(try search(database, "boiler").ids == [indexed.id])
        #expect(eventually { (try? search(database, "boiler").queued) == 0 }, "an idle writer indexes at once")
        #expect(try search(database, "boiler") == ([indexed.id], 0))

        var renamed = indexed
        renamed.title = "Radiator rattles"
        let edited = renamed
        let gate = try writeThenHold(
            database,
            [
                insert(complaint(2, title: "Parcel late", description: "The PARCEL never came; tracking stuck.")),
                { _ = try $0.updateComplaint(edited, expectedVersion: 1) },
            ])
        let parcel = try #require(try search(database, "parcel").ids.first)
        #expect(
            try search(database, "parcel") == ([parcel], 2), "the new complaint, matched in its queued text, any case")
        #expect(try search(database, "tracking stuck") == ([parcel], 2))
        #expect(try search(database, "radiator") == ([indexed.id], 2), "the edited one by its new title")
        #expect(try search(database, "boiler leaks") == ([], 2), "and no longer by its old, still indexed, title")
        #expect(
            try search(database, "under the boiler") == ([indexed.id], 2), "its unchanged description still matches")
        #expect(try search(database, "100%") == ([], 2), "LIKE's wildcards are literal")

        gate.open()
        #expect(eventually { (try? search(database, "parcel").queued) == 0 }, "the idle writer indexed the queue")
        #expect(try search(database, "parcel") == ([parcel], 0))
        #expect(try search(database, "radiator") == ([indexed.id], 0))
        #expect(try search(database, "boiler leaks") == ([], 0))
    }

    @Test("indexing that fails leaves the queue as it was, and the next batch indexes it")
    func failedIndexingIsRetried() throws {
        let directory = try TestDirectory()
        // Indexing is tried after every batch, busy or not, so that each write below is one try.
        let database = try open(directory, indexingBatch: 1)
        // A real SQLite failure, on the writer's connection alone, for as long as the flag is set.
        try database.write { connection in
            try connection.run("CREATE TEMP TABLE refusal (active INTEGER NOT NULL)")
            try connection.run("INSERT INTO temp.refusal VALUES (1)")
            try connection.run(
                """
                CREATE TEMP TRIGGER refuse_indexing BEFORE DELETE ON main.complaint_search_queue
                WHEN (SELECT active FROM temp.refusal) BEGIN SELECT RAISE(ABORT, 'indexing refused'); END
                """)
        }
        let queued = { @Sendable (connection: Connection) throws -> Int in
            try connection.first("SELECT count(*) FROM complaint_search_queue")!.get(0, as: Int.self)
        }
        let stored = try database.write {
            try $0.insertComplaint(
                complaint(1, title: "Kettle sparks", description: "Sparks at the plug."), trackingDigest: [2])
        }
        #expect(try database.write(queued) == 1, "the failed try rolled back, keeping the entry")
        #expect(try search(database, "kettle").ids == [stored.id], "and the complaint is found in the queue")

        try database.write { try $0.run("UPDATE temp.refusal SET active = 0") }
        #expect(try database.write(queued) == 0, "the batch after indexed it")
        let indexed = try database.write { connection in
            try connection.first("SELECT rowid FROM complaint_search WHERE complaint_search MATCH 'kettle'")?.get(
                0, as: Int64.self)
        }
        #expect(indexed == stored.id)
    }

    @Test("a busy writer indexes the queue once searchIndexingBatch entries wait")
    func fullQueueIsIndexed() throws {
        let directory = try TestDirectory()
        let database = try open(directory, indexingBatch: 2)
        let gate = try writeThenHold(
            database,
            [
                insert(complaint(1, title: "Cold food", description: "The soup arrived cold.")),
                insert(complaint(2, title: "Rude staff", description: "The cashier shouted.")),
            ])
        defer { gate.open() }
        #expect(try search(database, "soup").queued == 0, "two entries waited, so the writer indexed them though busy")
        #expect(try search(database, "soup").ids.count == 1)
        #expect(try search(database, "cashier").ids.count == 1)
    }
}
