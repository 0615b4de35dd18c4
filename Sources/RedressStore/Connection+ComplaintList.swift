import RedressDomain
import SQLite

extension Connection {
    /// Calls `body` with each complaint of the page matching `filter` after `cursor`, at most
    /// `limit`, read in place; returns the cursor of the next page when there is one.
    public func complaints(
        _ filter: ComplaintFilter, after cursor: ComplaintCursor?, limit: Int, now: Instant,
        _ body: (StoredComplaint) throws -> Void
    ) throws -> ComplaintCursor? {
        let query = ComplaintQuery(filter: filter, cursor: cursor, now: now)
        var (count, last, more) = (0, ComplaintCursor?.none, false)
        try cachedStatement(query.sql + " LIMIT ?").forEachRow(query.arguments + [limit + 1]) { row in
            // One row more than the page holds means a next page, which starts after the last one written.
            guard count < limit else {
                more = true
                return false
            }
            let stored = try StoredComplaint(row: row)
            try body(stored)
            (count, last) = (count + 1, try ComplaintCursor(after: stored, sort: filter.sort))
            return true
        }
        return more ? last : nil
    }

    /// Calls `body` with every complaint matching `filter`, in order, one row at a time so that
    /// the whole selection is never in memory; stops early when `body` returns false.
    public func forEachComplaint(
        _ filter: ComplaintFilter, now: Instant, _ body: (StoredComplaint) throws -> Bool
    ) throws {
        let query = ComplaintQuery(filter: filter, cursor: nil, now: now)
        let statement = try prepare(query.sql)
        try statement.bind(query.arguments)
        while try statement.step() {
            guard try body(StoredComplaint(row: statement.current)) else { return }
        }
    }
}

/// The SQL for a filtered, sorted, paged list. Only fixed fragments are joined; every value the
/// client sent is a bound parameter.
struct ComplaintQuery {
    private(set) var sql = ""
    private(set) var arguments: [SQLiteArgument] = []

    init(filter: ComplaintFilter, cursor: ComplaintCursor?, now: Instant) {
        var conditions: [String] = []
        func any<T>(_ column: String, _ values: [T], _ value: (T) -> SQLiteArgument) {
            guard !values.isEmpty else { return }
            conditions.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            arguments += values.map(value)
        }
        any("c.status", filter.statuses) { $0.rawValue }
        any("c.priority", filter.priorities) { $0.rawValue }
        any("c.category", filter.categories) { $0 }
        any("c.channel", filter.channels) { $0.rawValue }
        any("c.department", filter.departments) { $0 }
        if filter.assigneeUsers.isEmpty {
            any("c.assignee", filter.assignees) { $0 }
        } else {
            // A user (`assignee=me`) or, as before users, a name: either one.
            var either = [
                "c.assignee_user IN (\(Array(repeating: "?", count: filter.assigneeUsers.count).joined(separator: ", ")))"
            ]
            arguments += filter.assigneeUsers.map { $0 }
            if !filter.assignees.isEmpty {
                either.append(
                    "c.assignee IN (\(Array(repeating: "?", count: filter.assignees.count).joined(separator: ", ")))")
                arguments += filter.assignees.map { $0 }
            }
            conditions.append("(" + either.joined(separator: " OR ") + ")")
        }
        // As the index `complaints_responsible` reads it: a complaint from before keeps its receiver.
        any("COALESCE(c.responsible, c.received_by)", filter.responsible) { $0 }
        any("c.incident", filter.incidents) { $0 }
        // Both read the moments kept with each complaint (`SLA.breachedFrom`, `SLA.atRiskFrom`)
        // through their partial indexes.
        if let overdue = filter.overdue {
            conditions.append(overdue ? "c.sla_breach_at <= ?" : "(c.sla_breach_at IS NULL OR c.sla_breach_at > ?)")
            arguments.append(now.seconds)
        }
        if let atRisk = filter.atRisk {
            conditions.append(
                atRisk
                    ? "c.sla_at_risk_at <= ? AND (c.sla_breach_at IS NULL OR c.sla_breach_at > ?)"
                    : "(c.sla_at_risk_at IS NULL OR c.sla_at_risk_at > ? OR c.sla_breach_at <= ?)")
            arguments += [now.seconds, now.seconds]
        }
        if let escalated = filter.escalated {
            conditions.append("c.escalated = ?")
            arguments.append(escalated)
        }
        if let isRepeat = filter.isRepeat {
            conditions.append(isRepeat ? "c.repeat_of IS NOT NULL" : "c.repeat_of IS NULL")
        }
        if let from = filter.receivedFrom {
            conditions.append("c.received_at >= ?")
            arguments.append(from.seconds)
        }
        if let to = filter.receivedTo {
            conditions.append("c.received_at <= ?")
            arguments.append(to.seconds)
        }
        if let contact = filter.complainant {
            conditions.append("(c.phone_key = ? OR c.email_key = ?)")
            arguments += [ContactKey.phone(contact) ?? "", ContactKey.email(contact)]
        }
        if let ref = filter.subjectRef {
            conditions.append("c.subject_ref = ? COLLATE NOCASE")
            arguments.append(ref)
        }
        if let text = filter.text, !text.isEmpty {
            conditions.append(Self.textCondition(text, arguments: &arguments))
        }
        if let key = filter.createdByKey {
            conditions.append("c.created_by_key = ?")
            arguments.append(key)
        }
        let order: String
        switch filter.sort {
        case .newest:
            order = "c.received_at DESC, c.id DESC"
            if let cursor { conditions.append("(c.received_at, c.id) < (?, ?)"); arguments += cursor.keys.map { $0 } }
        case .resolutionDue:
            order = "c.resolution_due_at, c.id"
            if let cursor {
                conditions.append("(c.resolution_due_at, c.id) > (?, ?)"); arguments += cursor.keys.map { $0 }
            }
        case .priority:
            order = "c.priority_rank DESC, c.received_at DESC, c.id DESC"
            if let cursor {
                conditions.append("(c.priority_rank, c.received_at, c.id) < (?, ?, ?)")
                arguments += cursor.keys.map { $0 }
            }
        }
        // The moments `overdue=true` and `at_risk=true` ask about are few among all complaints:
        // read through their index and sorted, rather than every complaint in the list's order.
        let index =
            filter.overdue == true ? "complaints_sla_breach" : filter.atRisk == true ? "complaints_sla_at_risk" : nil
        sql =
            "SELECT "
            + (index.map {
                ComplaintRow.columns.replacing("FROM complaints c ", with: "FROM complaints c INDEXED BY \($0) ")
            }
                ?? ComplaintRow.columns)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY " + order
    }

    // Substring search. Three or more characters go through the trigram index
    // (https://sqlite.org/fts5.html#the_trigram_tokenizer) as one quoted phrase: a literal, never
    // query syntax. The index lags behind the search queue (`Schema.searchQueue`), so a queued
    // complaint is matched on its queued text instead of its older entry, with LIKE: the queue
    // is short. LIKE folds the case of ASCII letters only, where the index folds every letter's,
    // so until indexed, a complaint just written is missed by text differing from it only in the
    // case of other letters ("ÉCOLE" for "école").
    // Shorter text has no trigram to look up, so it is matched with LIKE on the complaint's own
    // columns while the list's index walks them in order: a page of a common one- or
    // two-character word (most Chinese words) is found after a short scan, and only a rare one
    // reads the whole table.
    private static func textCondition(_ text: String, arguments: inout [SQLiteArgument]) -> String {
        let pattern =
            "%" + text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_") + "%"
        // Whether any of `columns` holds the text.
        func like(_ columns: [String]) -> String {
            arguments += Array(repeating: pattern, count: columns.count)
            return "(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"
        }
        guard text.count >= 3 else {
            return like(["c.title", "c.description", "c.complainant_name", "c.subject_name", "c.subject_ref"])
        }
        arguments.append("\"" + text.replacing("\"", with: "\"\"") + "\"")
        return """
            c.id IN (SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?
                       AND rowid NOT IN (SELECT complaint_id FROM complaint_search_queue)
                     UNION ALL
                     SELECT complaint_id FROM complaint_search_queue
                     WHERE \(like(["title", "description", "complainant", "subject"])))
            """
    }
}
