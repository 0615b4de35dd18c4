import RedressDomain
import SQLite

extension Connection {
    /// Hands out the next case number of `month` (`YYYYMM`). Run inside the write that registers
    /// the complaint: if that write rolls back, so does the serial, so numbers never skip.
    public func nextCaseNumber(month: String) throws -> CaseNumber {
        let serial: Int = try first(
            """
            INSERT INTO case_serials (month, last_serial) VALUES (?, 1)
            ON CONFLICT (month) DO UPDATE SET last_serial = last_serial + 1
            RETURNING last_serial
            """, month)!.get(0)
        return CaseNumber(month: month, serial: serial)
    }

    /// Stores a new complaint (its `id` is ignored) and returns it with the id it was given.
    public func insertComplaint(_ complaint: Complaint, trackingDigest: [UInt8]) throws -> Complaint {
        try run(ComplaintRow.insertSQL, arguments: ComplaintRow.values(of: complaint) + [trackingDigest])
        var stored = complaint
        stored.id = lastInsertRowID
        try queueForSearch(stored)
        return stored
    }

    /// Replaces a complaint's stored fields if its stored version is still `expectedVersion`;
    /// false when another change got there first.
    public func updateComplaint(_ complaint: Complaint, expectedVersion: Int) throws -> Bool {
        guard
            let stored = try first("SELECT \(ComplaintRow.searchedColumns) FROM complaints WHERE id = ?", complaint.id)
        else { return false }
        try run(
            ComplaintRow.updateSQL, arguments: ComplaintRow.values(of: complaint) + [complaint.id, expectedVersion])
        guard changes == 1 else { return false }
        // The search index changes only when the searched text does, which most changes leave alone.
        if stored.values != ComplaintRow.searchedValues(of: complaint) {
            try queueForSearch(complaint)
        }
        return true
    }

    /// `body`'s result over the stored row of the complaint with this id, read in place; nil when
    /// there is none. For reads that need no `Complaint`.
    public func withStoredComplaint<T>(id: Int64, _ body: (StoredComplaint) throws -> T) throws -> T? {
        try first(Self.complaintByID, id) { try body(try StoredComplaint(row: $0)) }
    }

    /// The same for the complaint with this case number.
    public func withStoredComplaint<T>(number: CaseNumber, _ body: (StoredComplaint) throws -> T) throws -> T? {
        try first(Self.complaintByNumber, number.description) { try body(try StoredComplaint(row: $0)) }
    }

    /// The complaint with this id.
    public func complaint(id: Int64) throws -> Complaint? {
        try first(Self.complaintByID, id, as: ComplaintRow.decode)
    }

    /// The complaint with this case number.
    public func complaint(number: CaseNumber) throws -> Complaint? {
        try first(Self.complaintByNumber, number.description, as: ComplaintRow.decode)
    }

    // Built once, and found by identity: the column list is long, and these run on every read of
    // a complaint.
    private static let complaintByID = StatementText("SELECT \(ComplaintRow.columns) WHERE c.id = ?")
    private static let complaintByNumber = StatementText("SELECT \(ComplaintRow.columns) WHERE c.number = ?")

    /// The stored digest of a complaint's tracking code.
    public func trackingDigest(complaintID: Int64) throws -> [UInt8]? {
        try first("SELECT tracking_digest FROM complaints WHERE id = ?", complaintID)?.get(0)
    }

    /// Replaces the complaint's tracking code digest: the old code stops working.
    public func replaceTrackingDigest(complaintID: Int64, with digest: [UInt8]) throws {
        try run("UPDATE complaints SET tracking_digest = ? WHERE id = ?", digest, complaintID)
    }

    /// The complaint a key registered under its own `external_ref`, if any.
    public func complaint(createdByKey keyID: Int64, externalRef: String) throws -> Complaint.Reference? {
        try first(Self.byExternalRef, keyID, externalRef, as: Self.reference)
    }

    /// The most recent complaint received since `since` from the same phone or email about the
    /// same subject reference: what makes a new complaint a repeat. The latest by phone and the
    /// latest by email are each one step in their index (`Schema.repeatLookup`).
    public func latestComplaint(
        phone: String?, email: String?, subjectRef: String, since: Instant
    ) throws -> Complaint.Reference? {
        let phoneKey = ContactKey.phone(phone)
        let emailKey = ContactKey.email(email)
        guard phoneKey != nil || emailKey != nil else { return nil }
        return try first(Self.latestBySubject, phoneKey, emailKey, subjectRef, since.seconds, as: Self.reference)
    }

    private static let byExternalRef = StatementText(
        "SELECT id, number FROM complaints WHERE created_by_key = ? AND external_ref = ?")

    static let latestBySubject: StatementText = {
        func latest(by contact: String, _ parameter: Int) -> String {
            """
            SELECT * FROM (SELECT id, number, received_at FROM complaints
                WHERE \(contact) = ?\(parameter) AND subject_ref = ?3 COLLATE NOCASE AND received_at >= ?4
                ORDER BY received_at DESC, id DESC LIMIT 1)
            """
        }
        return StatementText(
            """
            SELECT id, number FROM (\(latest(by: "phone_key", 1)) UNION ALL \(latest(by: "email_key", 2)))
            ORDER BY received_at DESC, id DESC LIMIT 1
            """)
    }()

    private static func reference(_ row: CurrentRow) throws -> Complaint.Reference {
        let text: String = try row.get(1)
        guard let number = CaseNumber(text) else { throw StoreError.corrupt("'\(text)' is not a case number") }
        return Complaint.Reference(id: try row.get(0), number: number)
    }

    /// Queues the complaint's searchable text, for the writer to index later (`Schema.searchQueue`).
    private func queueForSearch(_ complaint: Complaint) throws {
        let subject = [complaint.subject.name, complaint.subject.ref].compactMap { $0 }.joined(separator: " ")
        try run(
            """
            INSERT OR REPLACE INTO complaint_search_queue (complaint_id, title, description, complainant, subject)
            VALUES (?, ?, ?, ?, ?)
            """, complaint.id, complaint.title, complaint.description, complaint.complainant.name, subject)
    }

    /// Whether this database queues search text (`Schema.searchQueue`), so that its writer must
    /// call `indexQueuedSearchText` after batches.
    var queuesSearchText: Bool {
        get throws {
            try first("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'complaint_search_queue'") != nil
        }
    }

    /// Replaces the search entries of the queued complaints and empties the queue, in a transaction
    /// of its own, when at least `minimum` (and at least one) entries wait.
    func indexQueuedSearchText(atLeast minimum: Int) throws {
        let queued = try first("SELECT count(*) FROM complaint_search_queue")?.get(0, as: Int.self) ?? 0
        guard queued >= max(minimum, 1) else { return }
        try transaction(.immediate) {
            try run("DELETE FROM complaint_search WHERE rowid IN (SELECT complaint_id FROM complaint_search_queue)")
            try run(
                """
                INSERT INTO complaint_search (rowid, title, description, complainant, subject)
                SELECT complaint_id, title, description, complainant, subject FROM complaint_search_queue
                """)
            try run("DELETE FROM complaint_search_queue")
        }
    }
}
