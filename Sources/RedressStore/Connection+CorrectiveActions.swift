import RedressDomain
import SQLite

extension Connection {
    private static let correctiveActionColumns = """
        a.id, a.complaint_id, c.number, a.description, a.owner, a.due_at, a.status, a.note, a.created_at, a.updated_at
        FROM corrective_actions a JOIN complaints c ON c.id = a.complaint_id
        """

    /// Stores a new corrective action (its `id` is ignored) and returns it with the id it was given.
    public func insertCorrectiveAction(_ action: CorrectiveAction) throws -> CorrectiveAction {
        try run(
            """
            INSERT INTO corrective_actions (complaint_id, description, owner, due_at, status, note, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, action.complaint.id, action.description, action.owner, action.dueAt.seconds, action.status.rawValue,
            action.note, action.createdAt.seconds, action.updatedAt.seconds)
        var stored = action
        stored.id = lastInsertRowID
        return stored
    }

    /// Stores an action's status, note and update time.
    public func updateCorrectiveAction(_ action: CorrectiveAction) throws {
        try run(
            "UPDATE corrective_actions SET status = ?, note = ?, updated_at = ? WHERE id = ?",
            action.status.rawValue, action.note, action.updatedAt.seconds, action.id)
    }

    /// The corrective action with this id.
    public func correctiveAction(id: Int64) throws -> CorrectiveAction? {
        try first("SELECT \(Self.correctiveActionColumns) WHERE a.id = ?", id).map(Self.correctiveAction)
    }

    /// One page of the actions matching `filter`, soonest due first, after `cursor`, at most
    /// `limit`, with the cursor of the next page when there may be more. Only fixed fragments are
    /// joined into the SQL; every value is bound.
    public func correctiveActions(
        _ filter: CorrectiveActionFilter, after cursor: CorrectiveActionCursor?, limit: Int,
        now: Instant
    ) throws -> (actions: [CorrectiveAction], next: CorrectiveActionCursor?) {
        var conditions: [String] = []
        var arguments: [SQLiteArgument] = []
        if !filter.statuses.isEmpty {
            conditions.append(
                "a.status IN (\(Array(repeating: "?", count: filter.statuses.count).joined(separator: ", ")))")
            arguments += filter.statuses.map(\.rawValue)
        }
        if let overdue = filter.overdue {
            // The same rule as `CorrectiveAction.isOverdue(at:)`.
            conditions.append(
                overdue ? "(a.status = 'open' AND a.due_at < ?)" : "NOT (a.status = 'open' AND a.due_at < ?)")
            arguments.append(now.seconds)
        }
        if let id = filter.complaintID {
            conditions.append("a.complaint_id = ?")
            arguments.append(id)
        }
        if let number = filter.complaintNumber {
            conditions.append("c.number = ?")
            arguments.append(number.description)
        }
        if let cursor {
            conditions.append("(a.due_at, a.id) > (?, ?)")
            arguments += [cursor.dueAt.seconds, cursor.id]
        }
        let selection = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try query(
            "SELECT \(Self.correctiveActionColumns)\(selection) ORDER BY a.due_at, a.id LIMIT ?",
            arguments: arguments + [limit + 1])
        let actions = try rows.prefix(limit).map(Self.correctiveAction)
        let next = rows.count > limit ? actions.last.map(CorrectiveActionCursor.init(after:)) : nil
        return (actions, next)
    }

    private static func correctiveAction(_ row: Row) throws -> CorrectiveAction {
        let numberText: String = try row.get(2)
        guard let number = CaseNumber(numberText) else {
            throw StoreError.corrupt("'\(numberText)' is not a case number")
        }
        let statusName: String = try row.get(6)
        guard let status = CorrectiveActionStatus(rawValue: statusName) else {
            throw StoreError.corrupt("unknown corrective action status '\(statusName)'")
        }
        return CorrectiveAction(
            id: try row.get(0), complaint: Complaint.Reference(id: try row.get(1), number: number),
            description: try row.get(3), owner: try row.get(4), dueAt: Instant(seconds: try row.get(5)),
            status: status, note: try row.get(7), createdAt: Instant(seconds: try row.get(8)),
            updatedAt: Instant(seconds: try row.get(9)))
    }
}
