import RedressDomain
import SQLite

/// The columns every complaint query selects, in order: a case's raw value is its column's index.
/// The SQL names follow from the case names (`complainantCustomerRef` is `c.complainant_customer_ref`),
/// except the repeated complaint's number and the survivor's number, which come from joined rows.
public enum ComplaintColumn: Int, CaseIterable, Sendable {
    case id, number, version, status, channel, category, priority, priorityReason, title, description
    case complainantName, complainantPhone, complainantEmail, complainantCustomerRef
    case subjectType, subjectRef, subjectName, tags, externalRef, receivedAt, receivedBy, createdByKey
    case createdAt, updatedAt, department, assignee
    case firstResponseDueAt, firstRespondedAt, resolutionDueAt, resolvedAt, followUpDueAt, closedAt
    case escalated, reopenCount, repeatOf, repeatOfNumber, validityNote
    case hasInvestigation, investigationFindings, investigationRootCause
    case hasResponsibility, responsibilityDepartment, responsibilityPerson, responsibilityPenaltyMinor
    case proposalRemedies, proposalAmountMinor, proposalCurrency, proposalDescription, proposalApprovedBy
    case proposalApprovedAt, resolutionNote, resolutionNotifiedVia
    case satisfactionSatisfied, satisfactionScore, satisfactionComment, satisfactionMethod, satisfactionRecordedAt
    case proposalAnswerAccepted, proposalAnswerComment, proposalAnswerVia, proposalAnswerAt
    case responsible
    case region, investigationReport, investigationReportDueAt, investigationReportedAt, slaPolicy
    case firstContactPolicy, firstContactTarget, firstContactCalendar
    case investigationReportPolicy, investigationReportTarget, investigationReportCalendar
    case resolutionPolicy, resolutionTarget, resolutionCalendar
    case followUpPolicy, followUpTarget, followUpCalendar
    case awaitingSince, awaitingFrom, resolutionPausedFor
    case firstContactAtRiskAt, investigationReportAtRiskAt, resolutionAtRiskAt, followUpAtRiskAt
    case departmentSince, departmentDueAt, departmentPolicy, departmentTarget, departmentCalendar
    case departmentAtRiskAt, departmentPausedFor
    case incident, mergedInto, mergedIntoNumber
    case reopenedAt
    case assigneeUser

    /// The column's name in the `complaints` table: the case name in snake case.
    var name: String {
        var name = ""
        for character in String(describing: self) {
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        return name
    }

    /// The columns saying which policy, target and calendar set `clock`'s due date.
    public static func source(
        of clock: SLAClock
    ) -> (policy: ComplaintColumn, target: ComplaintColumn, calendar: ComplaintColumn) {
        switch clock {
        case .firstContact: (.firstContactPolicy, .firstContactTarget, .firstContactCalendar)
        case .investigationReport:
            (.investigationReportPolicy, .investigationReportTarget, .investigationReportCalendar)
        case .resolution: (.resolutionPolicy, .resolutionTarget, .resolutionCalendar)
        case .followUp: (.followUpPolicy, .followUpTarget, .followUpCalendar)
        }
    }

    /// The column holding the at-risk moment set with `clock`'s due date.
    public static func atRisk(of clock: SLAClock) -> ComplaintColumn {
        switch clock {
        case .firstContact: .firstContactAtRiskAt
        case .investigationReport: .investigationReportAtRiskAt
        case .resolution: .resolutionAtRiskAt
        case .followUp: .followUpAtRiskAt
        }
    }

    /// The column's expression in `ComplaintRow.columns`.
    var sql: String {
        switch self {
        case .repeatOfNumber: "r.number"
        case .mergedIntoNumber: "m.number"
        default: "c." + name
        }
    }
}

/// A complaint's row as a query stands on it, read in place: the read path writes its JSON from
/// this without building a `Complaint`. Valid only inside the closure it is handed to.
public struct StoredComplaint {
    private let row: CurrentRow
    /// The complaint's id.
    public let id: Int64
    /// Its version.
    public let version: Int
    /// Its status.
    public let status: Status
    /// Its tags.
    public let tags: [String]
    /// What its time limits depend on.
    public let clocks: SLA.Clocks

    /// The row a statement stands on; throws when its id, version, status, tags or clocks are not what Redress stores.
    init(row: CurrentRow) throws {
        self.row = row
        id = try row.get(ComplaintColumn.id.rawValue)
        version = try row.get(ComplaintColumn.version.rawValue)
        status = try ComplaintRow.enumeration(.status, of: row)
        tags = try ComplaintRow.tags(of: row)
        clocks = try ComplaintRow.clocks(of: row, status: status)
    }

    /// The integer in `column` (booleans are 0 and 1, instants seconds since the epoch), or nil.
    public func integer(_ column: ComplaintColumn) -> Int64? {
        row.column(column.rawValue).integer
    }

    /// Its priority.
    func priority() throws -> Priority {
        try ComplaintRow.enumeration(.priority, of: row)
    }

    /// The whole complaint.
    public func complaint() throws -> Complaint {
        try ComplaintRow.decode(row)
    }

    /// Whether `column` is NULL.
    public func isNull(_ column: ComplaintColumn) -> Bool {
        row.column(column.rawValue).isNull
    }

    /// `body`'s result over the UTF-8 text in `column`, valid only during the call; nil unless it holds text.
    public func withUTF8<R>(_ column: ComplaintColumn, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R?
    {
        try row.column(column.rawValue).withUTF8(body)
    }
}
