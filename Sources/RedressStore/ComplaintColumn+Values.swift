import JSON
import RedressDomain
import SQLite

extension ComplaintColumn {
    /// What the column holds for `complaint`: the one place a complaint's fields meet its columns.
    /// Writes bind it and every view of a `Complaint` reads it, so a new column is one case of
    /// `ComplaintColumn` and one line here, and the compiler asks for the line.
    func value(in complaint: Complaint) -> SQLiteValue {
        switch self {
        case .id: .integer(complaint.id)
        case .number: .text(complaint.number.description)
        case .version: .integer(Int64(complaint.version))
        case .status: .text(complaint.status.rawValue)
        case .channel: .text(complaint.channel.rawValue)
        case .category: Self.text(complaint.category)
        case .priority: .text(complaint.priority.rawValue)
        case .priorityReason: .text(complaint.priorityReason)
        case .title: .text(complaint.title)
        case .description: .text(complaint.description)
        case .complainantName: .text(complaint.complainant.name)
        case .complainantPhone: Self.text(complaint.complainant.phone)
        case .complainantEmail: Self.text(complaint.complainant.email)
        case .complainantCustomerRef: Self.text(complaint.complainant.customerRef)
        case .subjectType: .text(complaint.subject.type.rawValue)
        case .subjectRef: Self.text(complaint.subject.ref)
        case .subjectName: Self.text(complaint.subject.name)
        case .tags: .text(Self.json(complaint.tags))
        case .externalRef: Self.text(complaint.externalRef)
        case .receivedAt: .integer(complaint.receivedAt.seconds)
        case .receivedBy: .text(complaint.receivedBy)
        case .createdByKey: .integer(complaint.createdByKey)
        case .createdAt: .integer(complaint.createdAt.seconds)
        case .updatedAt: .integer(complaint.updatedAt.seconds)
        case .department: Self.text(complaint.department)
        case .assignee: Self.text(complaint.assignee)
        case .firstResponseDueAt: .integer(complaint.firstResponseDueAt.seconds)
        case .firstRespondedAt: Self.instant(complaint.firstRespondedAt)
        case .resolutionDueAt: .integer(complaint.resolutionDueAt.seconds)
        case .resolvedAt: Self.instant(complaint.resolvedAt)
        case .followUpDueAt: Self.instant(complaint.followUpDueAt)
        case .closedAt: Self.instant(complaint.closedAt)
        case .escalated: Self.flag(complaint.escalated)
        case .reopenCount: .integer(Int64(complaint.reopenCount))
        case .repeatOf: Self.integer(complaint.repeatOf?.id)
        case .repeatOfNumber: Self.text(complaint.repeatOf?.number.description)
        case .validityNote: Self.text(complaint.validityNote)
        case .hasInvestigation: Self.flag(complaint.investigation != nil)
        case .investigationFindings: Self.text(complaint.investigation?.findings)
        case .investigationRootCause: Self.text(complaint.investigation?.rootCause)
        case .hasResponsibility: Self.flag(complaint.responsibility != nil)
        case .responsibilityDepartment: Self.text(complaint.responsibility?.department)
        case .responsibilityPerson: Self.text(complaint.responsibility?.person)
        case .responsibilityPenaltyMinor: Self.integer(complaint.responsibility?.penaltyMinor)
        case .proposalRemedies: Self.text(complaint.proposal.map { StoredRemedies.join($0.remedies) })
        case .proposalAmountMinor: Self.integer(complaint.proposal?.amountMinor)
        case .proposalCurrency: Self.text(complaint.proposal?.currency)
        case .proposalDescription: Self.text(complaint.proposal?.description)
        case .proposalApprovedBy: Self.text(complaint.proposal?.approvedBy)
        case .proposalApprovedAt: Self.instant(complaint.proposal?.approvedAt)
        case .resolutionNote: Self.text(complaint.resolution?.note)
        case .resolutionNotifiedVia: Self.text(complaint.resolution?.notifiedVia)
        case .satisfactionSatisfied: complaint.satisfaction.map { Self.flag($0.satisfied) } ?? .null
        case .satisfactionScore: Self.integer(complaint.satisfaction.map { Int64($0.score) })
        case .satisfactionComment: Self.text(complaint.satisfaction?.comment)
        case .satisfactionMethod: Self.text(complaint.satisfaction?.method.rawValue)
        case .satisfactionRecordedAt: Self.instant(complaint.satisfaction?.recordedAt)
        case .proposalAnswerAccepted: complaint.proposal?.answer.map { Self.flag($0.accepted) } ?? .null
        case .proposalAnswerComment: Self.text(complaint.proposal?.answer?.comment)
        case .proposalAnswerVia: Self.text(complaint.proposal?.answer?.via)
        case .proposalAnswerAt: Self.instant(complaint.proposal?.answer?.at)
        case .responsible: .text(complaint.responsible)
        case .region: Self.text(complaint.region)
        case .investigationReport: Self.text(complaint.investigation?.report)
        case .investigationReportDueAt: Self.instant(complaint.investigationReportDueAt)
        case .investigationReportedAt: Self.instant(complaint.investigationReportedAt)
        case .slaPolicy: Self.text(complaint.timeLimits.policy)
        case .firstContactPolicy: Self.text(complaint.timeLimits.clocks[.firstContact]?.policy)
        case .firstContactTarget: Self.text(complaint.timeLimits.clocks[.firstContact]?.target.description)
        case .firstContactCalendar: Self.text(complaint.timeLimits.clocks[.firstContact]?.calendar)
        case .investigationReportPolicy: Self.text(complaint.timeLimits.clocks[.investigationReport]?.policy)
        case .investigationReportTarget:
            Self.text(complaint.timeLimits.clocks[.investigationReport]?.target.description)
        case .investigationReportCalendar: Self.text(complaint.timeLimits.clocks[.investigationReport]?.calendar)
        case .resolutionPolicy: Self.text(complaint.timeLimits.clocks[.resolution]?.policy)
        case .resolutionTarget: Self.text(complaint.timeLimits.clocks[.resolution]?.target.description)
        case .resolutionCalendar: Self.text(complaint.timeLimits.clocks[.resolution]?.calendar)
        case .followUpPolicy: Self.text(complaint.timeLimits.clocks[.followUp]?.policy)
        case .followUpTarget: Self.text(complaint.timeLimits.clocks[.followUp]?.target.description)
        case .followUpCalendar: Self.text(complaint.timeLimits.clocks[.followUp]?.calendar)
        case .awaitingSince: Self.instant(complaint.awaitingSince)
        case .awaitingFrom: Self.text(complaint.awaitingFrom?.rawValue)
        case .resolutionPausedFor: .integer(complaint.resolutionPausedFor)
        case .firstContactAtRiskAt: Self.instant(complaint.timeLimits.clocks[.firstContact]?.atRiskAt)
        case .investigationReportAtRiskAt: Self.instant(complaint.timeLimits.clocks[.investigationReport]?.atRiskAt)
        case .resolutionAtRiskAt: Self.instant(complaint.timeLimits.clocks[.resolution]?.atRiskAt)
        case .followUpAtRiskAt: Self.instant(complaint.timeLimits.clocks[.followUp]?.atRiskAt)
        case .departmentSince: Self.instant(complaint.departmentSince)
        case .departmentDueAt: Self.instant(complaint.departmentDueAt)
        case .departmentPolicy: Self.text(complaint.timeLimits.department?.policy)
        case .departmentTarget: Self.text(complaint.timeLimits.department?.target.description)
        case .departmentCalendar: Self.text(complaint.timeLimits.department?.calendar)
        case .departmentAtRiskAt: Self.instant(complaint.timeLimits.department?.atRiskAt)
        case .departmentPausedFor: .integer(complaint.departmentPausedFor)
        }
    }

    /// Whether writes set the column: all but the id, which SQLite assigns, and the repeated
    /// complaint's number, which is read from its own row.
    var isWritten: Bool { self != .id && self != .repeatOfNumber }

    /// The integer the column holds for `complaint` (booleans 0 and 1, instants seconds since the
    /// epoch), or nil.
    public func integer(in complaint: Complaint) -> Int64? {
        if case .integer(let value) = value(in: complaint) { value } else { nil }
    }

    /// Whether the column holds nothing for `complaint`.
    public func isNull(in complaint: Complaint) -> Bool {
        value(in: complaint).isNull
    }

    /// The text the column holds for `complaint`, or nil.
    public func text(in complaint: Complaint) -> String? {
        if case .text(let value) = value(in: complaint) { value } else { nil }
    }

    private static func text(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }
    private static func integer(_ value: Int64?) -> SQLiteValue { value.map(SQLiteValue.integer) ?? .null }
    private static func instant(_ value: Instant?) -> SQLiteValue { integer(value?.seconds) }
    private static func flag(_ value: Bool) -> SQLiteValue { .integer(value ? 1 : 0) }

    /// Tags are stored as a JSON array of strings.
    private static func json(_ tags: [String]) -> String {
        // Most complaints have no tags.
        if tags.isEmpty { return "[]" }
        var json = JSONWriter(capacity: 64)
        json.beginArray()
        tags.forEach { json.string($0) }
        json.endArray()
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
