import RedressDomain
import SQLite

extension Connection {
    // The linked complaints are counted through `complaints_incident`, which holds only linked ones.
    private static let incidentColumns = """
        i.id, i.version, i.status, i.title, i.description, i.public_statement, i.public_statement_updated_at,
        i.created_by, i.created_at, i.updated_at, i.resolved_at,
        (SELECT COUNT(*) FROM complaints c WHERE c.incident = i.id)
        FROM incidents i
        """

    /// Stores a new incident (its `id` is ignored) and returns it with the id it was given.
    public func insertIncident(_ incident: Incident) throws -> Incident {
        try run(
            """
            INSERT INTO incidents (version, status, title, description, public_statement, public_statement_updated_at,
                                   created_by, created_at, updated_at, resolved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, incident.version, incident.status.rawValue, incident.title, incident.description,
            incident.publicStatement, incident.publicStatementUpdatedAt?.seconds, incident.createdBy,
            incident.createdAt.seconds, incident.updatedAt.seconds, incident.resolvedAt?.seconds)
        var stored = incident
        stored.id = lastInsertRowID
        return stored
    }

    /// Replaces an incident's stored fields if its stored version is still `expectedVersion`;
    /// false when another change got there first. The complaint count is not stored.
    public func updateIncident(_ incident: Incident, expectedVersion: Int) throws -> Bool {
        try run(
            """
            UPDATE incidents SET version = ?, status = ?, title = ?, description = ?, public_statement = ?,
                public_statement_updated_at = ?, updated_at = ?, resolved_at = ?
            WHERE id = ? AND version = ?
            """, incident.version, incident.status.rawValue, incident.title, incident.description,
            incident.publicStatement, incident.publicStatementUpdatedAt?.seconds, incident.updatedAt.seconds,
            incident.resolvedAt?.seconds, incident.id, expectedVersion)
        return changes == 1
    }

    /// The incident with this id.
    public func incident(id: Int64) throws -> Incident? {
        try first("SELECT \(Self.incidentColumns) WHERE i.id = ?", id).map(Self.incident)
    }

    /// One page of the incidents in `statuses` (all when empty), newest first, after the incident
    /// with id `after`, at most `limit`, with the id to continue after when there may be more.
    public func incidents(
        statuses: [Incident.Status], after: Int64?, limit: Int
    ) throws -> (incidents: [Incident], next: Int64?) {
        var conditions: [String] = []
        var arguments: [SQLiteArgument] = []
        if !statuses.isEmpty {
            conditions.append("i.status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            arguments += statuses.map(\.rawValue)
        }
        if let after {
            conditions.append("i.id < ?")
            arguments.append(after)
        }
        let selection = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try query(
            "SELECT \(Self.incidentColumns)\(selection) ORDER BY i.id DESC LIMIT ?", arguments: arguments + [limit + 1])
        let incidents = try rows.prefix(limit).map(Self.incident)
        return (incidents, rows.count > limit ? incidents.last?.id : nil)
    }

    /// The ids of the complaints linked to the incident, oldest received first.
    public func complaintIDs(linkedTo incident: Int64) throws -> [Int64] {
        try query("SELECT id FROM complaints WHERE incident = ? ORDER BY received_at, id", incident).map {
            try $0.get(0)
        }
    }

    /// The incident's public statement and when it was written, for the customers of its
    /// complaints; nil when there is none yet.
    public func publicStatement(ofIncident id: Int64) throws -> (text: String, updatedAt: Instant)? {
        guard
            let row = try first("SELECT public_statement, public_statement_updated_at FROM incidents WHERE id = ?", id),
            let text: String = try row.get(0)
        else { return nil }
        return (text, Instant(seconds: try row.get(1)))
    }

    private static func incident(_ row: Row) throws -> Incident {
        let name: String = try row.get(2)
        guard let status = Incident.Status(rawValue: name) else {
            throw StoreError.corrupt("unknown incident status '\(name)'")
        }
        func instant(_ index: Int) throws -> Instant? { (try row.get(index) as Int64?).map(Instant.init(seconds:)) }
        return Incident(
            id: try row.get(0), version: try row.get(1), status: status, title: try row.get(3),
            description: try row.get(4), publicStatement: try row.get(5), publicStatementUpdatedAt: try instant(6),
            createdBy: try row.get(7), createdAt: Instant(seconds: try row.get(8)),
            updatedAt: Instant(seconds: try row.get(9)), resolvedAt: try instant(10),
            complaintCount: Int(try row.get(11) as Int64))
    }
}
