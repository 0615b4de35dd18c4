import JSON
import RedressDomain
import SQLite

/// How a `Complaint` maps to the `complaints` table: one column list, one decoder, one set of values.
enum ComplaintRow {
    /// The columns every complaint query selects, in `ComplaintColumn` order.
    static let columns =
        ComplaintColumn.allCases.map(\.sql).joined(separator: ", ")
        + " FROM complaints c LEFT JOIN complaints r ON r.id = c.repeat_of"

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
            departmentAtRiskAt: try instant(.departmentAtRiskAt, of: row))
    }

    /// Reads a row selected with `columns`, in place.
    static func decode(_ row: CurrentRow) throws -> Complaint {
        let status: Status = try enumeration(.status, of: row)
        return try decode(row, status: status, tags: try tags(of: row), clocks: try clocks(of: row, status: status))
    }

    /// The same, given the parts of the row already read.
    static func decode(_ row: CurrentRow, status: Status, tags: [String], clocks: SLA.Clocks) throws -> Complaint {
        func get<T: SQLiteValueConvertible>(_ column: ComplaintColumn) throws -> T { try row.get(column.rawValue) }
        func get<T: SQLiteValueConvertible>(_ column: ComplaintColumn) throws -> T? { try row.get(column.rawValue) }
        func enumeration<T: RawRepresentable>(_ column: ComplaintColumn) throws -> T where T.RawValue == String {
            try Self.enumeration(column, of: row)
        }
        func number(_ column: ComplaintColumn) throws -> CaseNumber {
            let text: String = try get(column)
            guard let number = CaseNumber(text) else { throw StoreError.corrupt("'\(text)' is not a case number") }
            return number
        }
        let repeatOf: Complaint.Reference? = try (get(.repeatOf) as Int64?).map {
            Complaint.Reference(id: $0, number: try number(.repeatOfNumber))
        }
        let proposal: Complaint.Proposal? = try (get(.proposalDescription) as String?).map { description in
            var remedies: [Remedy] = []
            try row.column(ComplaintColumn.proposalRemedies.rawValue).withUTF8 { stored in
                try StoredRemedies.forEachName(in: stored) { bytes in
                    let name = String(decoding: bytes, as: UTF8.self)
                    guard let remedy = Remedy(rawValue: name) else { throw StoreError.corrupt("remedy '\(name)'") }
                    remedies.append(remedy)
                }
            }
            let answer = try Self.instant(.proposalAnswerAt, of: row).map { at in
                Complaint.CustomerAnswer(
                    accepted: try get(.proposalAnswerAccepted), comment: try get(.proposalAnswerComment),
                    via: try get(.proposalAnswerVia), at: at)
            }
            return Complaint.Proposal(
                remedies: remedies, amountMinor: try get(.proposalAmountMinor),
                currency: try get(.proposalCurrency), description: description,
                approvedBy: try get(.proposalApprovedBy), approvedAt: try Self.instant(.proposalApprovedAt, of: row),
                answer: answer)
        }
        let satisfaction: Complaint.Satisfaction? = try (get(.satisfactionScore) as Int?).map { score in
            Complaint.Satisfaction(
                satisfied: try get(.satisfactionSatisfied), score: score,
                comment: try get(.satisfactionComment), method: try enumeration(.satisfactionMethod),
                recordedAt: try Self.required(.satisfactionRecordedAt, of: row))
        }
        var sources = TimeLimitSources(policy: try get(.slaPolicy))
        for clock in SLAClock.allCases {
            let columns = ComplaintColumn.source(of: clock)
            guard let policy: String = try get(columns.policy) else { continue }
            let text: String = try get(columns.target)
            guard let target = TimeLimitTarget(stored: text) else { throw StoreError.corrupt("target '\(text)'") }
            sources.clocks[clock] = TimeLimitSources.Source(
                policy: policy, target: target, calendar: try get(columns.calendar),
                atRiskAt: try Self.instant(ComplaintColumn.atRisk(of: clock), of: row))
        }
        if let policy: String = try get(.departmentPolicy) {
            let text: String = try get(.departmentTarget)
            guard let target = TimeLimitTarget(stored: text) else { throw StoreError.corrupt("target '\(text)'") }
            sources.department = TimeLimitSources.Source(
                policy: policy, target: target, calendar: try get(.departmentCalendar),
                atRiskAt: try Self.instant(.departmentAtRiskAt, of: row))
        }
        return Complaint(
            id: try get(.id), number: try number(.number), version: try get(.version), status: status,
            channel: try enumeration(.channel), category: try get(.category), priority: try enumeration(.priority),
            priorityReason: try get(.priorityReason), title: try get(.title), description: try get(.description),
            complainant: Complainant(
                name: try get(.complainantName), phone: try get(.complainantPhone),
                email: try get(.complainantEmail), customerRef: try get(.complainantCustomerRef)),
            subject: Subject(
                type: try enumeration(.subjectType), ref: try get(.subjectRef), name: try get(.subjectName)),
            tags: tags,
            externalRef: try get(.externalRef), region: try get(.region), receivedAt: clocks.receivedAt,
            receivedBy: try get(.receivedBy), responsible: try get(.responsible),
            createdByKey: try get(.createdByKey), createdAt: try Self.required(.createdAt, of: row),
            updatedAt: try Self.required(.updatedAt, of: row), department: try get(.department),
            assignee: try get(.assignee),
            firstResponseDueAt: clocks.firstResponseDueAt, firstRespondedAt: clocks.firstRespondedAt,
            resolutionDueAt: clocks.resolutionDueAt, resolvedAt: clocks.resolvedAt,
            followUpDueAt: clocks.followUpDueAt, closedAt: clocks.closedAt,
            investigationReportDueAt: try Self.instant(.investigationReportDueAt, of: row),
            investigationReportedAt: try Self.instant(.investigationReportedAt, of: row),
            timeLimits: sources, awaitingSince: try Self.instant(.awaitingSince, of: row),
            awaitingFrom: try (get(.awaitingFrom) as String?).map { name in
                guard let status = Status(rawValue: name) else { throw StoreError.corrupt("'\(name)' is not a Status") }
                return status
            },
            resolutionPausedFor: try get(.resolutionPausedFor), departmentSince: clocks.departmentSince,
            departmentDueAt: clocks.departmentDueAt, departmentPausedFor: try get(.departmentPausedFor),
            escalated: try get(.escalated),
            reopenCount: try get(.reopenCount), repeatOf: repeatOf, validityNote: try get(.validityNote),
            investigation: try get(.hasInvestigation)
                ? Complaint.Investigation(
                    findings: try get(.investigationFindings), rootCause: try get(.investigationRootCause),
                    report: try get(.investigationReport))
                : nil,
            responsibility: try get(.hasResponsibility)
                ? Complaint.Responsibility(
                    department: try get(.responsibilityDepartment), person: try get(.responsibilityPerson),
                    penaltyMinor: try get(.responsibilityPenaltyMinor))
                : nil,
            proposal: proposal,
            resolution: try (get(.resolutionNote) as String?).map {
                Complaint.Resolution(note: $0, notifiedVia: try get(.resolutionNotifiedVia))
            },
            satisfaction: satisfaction
        )
    }
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
