import JSON
import RedressDomain
import SQLite

extension Connection {
    private static let eventColumns = """
        e.seq, e.complaint_id, c.number, e.type, e.at, e.actor, e.from_status, e.to_status, e.data
        FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
        """

    /// Appends an event to a complaint's history and returns its sequence number; `data` is
    /// stored as one JSON object, in its order. There is no way to change or remove an event: the
    /// table's triggers refuse it.
    ///
    /// The event's webhook deliveries are queued in the same write (the transactional outbox), so
    /// that neither commits without the other.
    @discardableResult
    public func appendEvent(
        complaintID: Int64, type: String, at: Instant, actor: String,
        from: Status?, to: Status?, data: [(String, EventValue)]
    ) throws -> Int64 {
        try run(
            """
            INSERT INTO complaint_events (complaint_id, type, at, actor, from_status, to_status, data)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, complaintID, type, at.seconds, actor, from?.rawValue, to?.rawValue,
            String(decoding: Self.encode(data), as: UTF8.self))
        let seq = lastInsertRowID
        try queueDeliveries(forEvent: seq, type: type, at: at)
        return seq
    }

    /// Appends what an action recorded, taken by `actor` at `at`.
    @discardableResult
    public func appendEvent(_ event: DomainEvent, complaintID: Int64, at: Instant, actor: String) throws -> Int64 {
        try appendEvent(
            complaintID: complaintID, type: event.type, at: at, actor: actor, from: event.fromStatus,
            to: event.toStatus, data: event.data)
    }

    /// Event data as the JSON object stored with each event and returned in timelines and the feed.
    static func encode(_ data: [(String, EventValue)]) -> [UInt8] {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        for (key, value) in data {
            json.key(dynamic: key)
            write(value, into: &json)
        }
        json.endObject()
        return json.bytes
    }

    private static func write(_ value: EventValue, into json: inout JSONWriter) {
        switch value {
        case .string(let text): json.string(text)
        case .int(let number): json.int(number)
        case .bool(let flag): json.bool(flag)
        case .null: json.null()
        case .array(let items):
            json.beginArray()
            items.forEach { write($0, into: &json) }
            json.endArray()
        }
    }

    /// A complaint's events after the sequence number `after`, oldest first, at most `limit` (-1: all).
    public func events(complaintID: Int64, after: Int64 = 0, limit: Int = -1) throws -> [EventRecord] {
        try query(
            "SELECT \(Self.eventColumns) WHERE e.complaint_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?",
            complaintID, after, limit
        ).map(EventRecord.init(row:))
    }

    /// Events of every complaint after `seq`, in order, at most `limit`.
    public func events(after seq: Int64, limit: Int) throws -> [EventRecord] {
        try query("SELECT \(Self.eventColumns) WHERE e.seq > ? ORDER BY e.seq LIMIT ?", seq, limit).map(
            EventRecord.init(row:))
    }
}

extension EventRecord {
    init(row: Row) throws {
        func status(_ index: Int) throws -> Status? {
            guard let name: String = try row.get(index) else { return nil }
            guard let status = Status(rawValue: name) else { throw StoreError.corrupt("unknown status '\(name)'") }
            return status
        }
        self.init(
            seq: try row.get(0), complaintID: try row.get(1), complaintNumber: try row.get(2), type: try row.get(3),
            at: Instant(seconds: try row.get(4)), actor: try row.get(5), fromStatus: try status(6),
            toStatus: try status(7), data: Array((try row.get(8) as String).utf8))
    }
}
