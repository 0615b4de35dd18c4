import JSON
import RedressDomain
import SQLite

/// How a `Complaint` maps to the `complaints` table: one column list, one decoder, one set of values.
enum ComplaintRow {
    /// The columns every complaint query selects, in `ComplaintColumn` order.
    static let columns =
        ComplaintColumn.allCases.map(\.sql).joined(separator: ", ")
        + " FROM complaints c LEFT JOIN complaints r ON r.id = c.repeat_of"
        + " LEFT JOIN complaints m ON m.id = c.merged_into"

    /// The selected columns that writes set, in `ComplaintColumn` order.
    private static let writtenColumns = ComplaintColumn.allCases.filter(\.isWritten)

    /// Columns that are written but never selected: keys derived from a complaint for indexes
    /// and the sweep, each with how it is derived.
    private static let derivedColumns: [(name: String, value: @Sendable (Complaint) -> SQLiteValue)] = [
        ("priority_rank", { .integer(Int64($0.priority.rank)) }),
        ("phone_key", { ContactKey.phone($0.complainant.phone).map(SQLiteValue.text) ?? .null }),
        ("email_key", { ContactKey.email($0.complainant.email).map(SQLiteValue.text) ?? .null }),
        // Any change to an open complaint may bring an alert due: the sweep looks at it next.
        ("sla_check_at", { $0.status.isOpen ? .integer($0.updatedAt.seconds) : .null }),
        // When the complaint is breached, and at risk, as long as nothing changes it: the indexed
        // due dates `overdue` and `at_risk` list by (`SLA.breachedFrom`, `SLA.atRiskFrom`).
        ("sla_breach_at", { SLA.breachedFrom(SLA.Clocks($0)).map { .integer($0.seconds) } ?? .null }),
        (
            "sla_at_risk_at",
            {
                SLA.atRiskFrom(SLA.Clocks($0), atRiskRatio: Settings.defaults.atRiskRatio).map { .integer($0.seconds) }
                    ?? .null
            }
        ),
    ]

    /// The columns `values(of:)` fills, for INSERT and UPDATE alike.
    static let writableColumns = writtenColumns.map(\.name) + derivedColumns.map(\.name)

    /// Inserts a complaint: `writableColumns`, then its tracking code's digest.
    static let insertSQL =
        "INSERT INTO complaints (\((writableColumns + ["tracking_digest"]).joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: writableColumns.count + 1).joined(separator: ", ") + ")"

    /// Replaces `writableColumns` of the complaint with id `?` if its version is still `?`.
    static let updateSQL =
        "UPDATE complaints SET " + writableColumns.map { "\($0) = ?" }.joined(separator: ", ")
        + " WHERE id = ? AND version = ?"

    /// The columns whose text the search index holds.
    static let searchedColumns = "title, description, complainant_name, subject_ref, subject_name"

    /// The values of `searchedColumns` for a complaint.
    static func searchedValues(of complaint: Complaint) -> [SQLiteValue] {
        [
            complaint.title, complaint.description, complaint.complainant.name, complaint.subject.ref,
            complaint.subject.name,
        ]
        .map { $0.map(SQLiteValue.text) ?? .null }
    }

    /// The values of `writableColumns` for a complaint.
    static func values(of complaint: Complaint) -> [SQLiteArgument] {
        writtenColumns.map { $0.value(in: complaint) } + derivedColumns.map { $0.value(complaint) }
    }

    /// The enumeration case named in `column`; a name no case has means the row is corrupt.
    static func enumeration<T: RawRepresentable>(_ column: ComplaintColumn, of row: CurrentRow) throws -> T
    where T.RawValue == String {
        let raw: String = try row.get(column.rawValue)
        guard let value = T(rawValue: raw) else { throw StoreError.corrupt("'\(raw)' is not a \(T.self)") }
        return value
    }

    /// The tags of a row selected with `columns`, stored as a JSON array of strings.
    static func tags(of row: CurrentRow) throws -> [String] {
        let text: String = try row.get(ComplaintColumn.tags.rawValue)
        // Most complaints have no tags; "[]" needs no parser.
        if text == "[]" { return [] }
        guard case .array(let values)? = try? JSONParser.parse(Array(text.utf8)) else {
            throw StoreError.corrupt("tags '\(text)'")
        }
        return try values.map { value in
            guard case .string(let tag) = value else { throw StoreError.corrupt("tags '\(text)'") }
            return tag
        }
    }

    /// The instant in `column` of a row selected with `columns`, or nil.
    private static func instant(_ column: ComplaintColumn, of row: CurrentRow) throws -> Instant? {
        (try row.get(column.rawValue) as Int64?).map(Instant.init(seconds:))
    }

    /// The instant in `column`, which must not be NULL.
    private static func required(_ column: ComplaintColumn, of row: CurrentRow) throws -> Instant {
        Instant(seconds: try row.get(column.rawValue))
    }

    /// The time limits' clocks of a row selected with `columns` whose status is `status`.
    static func clocks(of row: CurrentRow, status: Status) throws -> SLA.Clocks {
        SLA.Clocks(
            status: status, receivedAt: try required(.receivedAt, of: row),
            firstResponseDueAt: try required(.firstResponseDueAt, of: row),
            firstRespondedAt: try instant(.firstRespondedAt, of: row),
            resolutionDueAt: try required(.resolutionDueAt, of: row), resolvedAt: try instant(.resolvedAt, of: row),
            followUpDueAt: try instant(.followUpDueAt, of: row), closedAt: try instant(.closedAt, of: row),
            satisfactionRecordedAt: try instant(.satisfactionRecordedAt, of: row),
            investigationReportDueAt: try instant(.investigationReportDueAt, of: row),
            investigationReportedAt: try instant(.investigationReportedAt, of: row),
            departmentSince: try instant(.departmentSince, of: row),
            departmentDueAt: try instant(.departmentDueAt, of: row),
            firstResponseAtRiskAt: try instant(.firstContactAtRiskAt, of: row),
            investigationReportAtRiskAt: try instant(.investigationReportAtRiskAt, of: row),
            resolutionAtRiskAt: try instant(.resolutionAtRiskAt, of: row),
            followUpAtRiskAt: try instant(.followUpAtRiskAt, of: row),
            departmentAtRiskAt: try instant(.departmentAtRiskAt, of: row),
            reopenedAt: try instant(.reopenedAt, of: row))
    }

    /// The order `decode` reads the columns in: first those saying whether a part of the
    /// complaint is there (the answer after the proposal it belongs to), then the rest, which may
    /// set that part's fields.
    static let readingOrder: [ComplaintColumn] = {
        let parts: [ComplaintColumn] =
            [
                .repeatOf, .mergedInto, .hasInvestigation, .hasResponsibility, .proposalDescription, .resolutionNote,
                .satisfactionScore,
            ] + SLAClock.allCases.map { ComplaintColumn.source(of: $0).policy } + [
                .departmentPolicy, .proposalAnswerAt,
            ]
        return parts + ComplaintColumn.allCases.filter { !parts.contains($0) }
    }()

    /// Reads a row selected with `columns`, in place: every column in `readingOrder` sets its field.
    static func decode(_ row: CurrentRow) throws -> Complaint {
        var complaint = blank
        for column in readingOrder { try column.read(row, into: &complaint) }
        return complaint
    }

    /// What `decode` starts from; every field without a default is set by a column.
    private static let blank = Complaint(
        id: 0, number: CaseNumber(month: "000000", serial: 0), channel: .web, priority: .normal,
        priorityReason: "", title: "", description: "", complainant: Complainant(name: ""),
        subject: Subject(type: .product), receivedAt: Instant(seconds: 0), receivedBy: "", createdByKey: 0,
        createdAt: Instant(seconds: 0), updatedAt: Instant(seconds: 0), firstResponseDueAt: Instant(seconds: 0),
        resolutionDueAt: Instant(seconds: 0))
}

/// How a proposal's remedies are stored: their names joined by commas.
public enum StoredRemedies {
    private static let separator = UInt8(ascii: ",")

    /// The stored form of `remedies`.
    static func join(_ remedies: [Remedy]) -> String {
        remedies.map(\.rawValue).joined(separator: String(UnicodeScalar(separator)))
    }

    /// Calls `body` with each name in a stored list's UTF-8 bytes, split as bytes: splitting by
    /// Character walks grapheme clusters, for names that are ASCII.
    public static func forEachName(
        in stored: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        var start = 0
        for index in stored.indices where stored[index] == separator {
            if index > start { try body(UnsafeBufferPointer(rebasing: stored[start..<index])) }
            start = index + 1
        }
        if start < stored.count { try body(UnsafeBufferPointer(rebasing: stored[start...])) }
    }
}

/// The normalised forms of contact details that repeat detection and the `complainant` filter match on.
public enum ContactKey {
    /// The phone's digits, with its leading `+` kept: `+86 138-0013-8000` → `+8613800138000`.
    public static func phone(_ phone: String?) -> String? {
        guard let phone else { return nil }
        let digits = phone.filter(\.isASCIIDigit)
        return digits.isEmpty ? nil : (phone.hasPrefix("+") ? "+" : "") + digits
    }

    /// The email, lower-cased.
    public static func email(_ email: String?) -> String? {
        email?.lowercased()
    }
}
