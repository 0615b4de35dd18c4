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
        case .incident: Self.integer(complaint.incident)
        case .mergedInto: Self.integer(complaint.mergedInto?.id)
        case .mergedIntoNumber: Self.text(complaint.mergedInto?.number.description)
        case .reopenedAt: Self.instant(complaint.reopenedAt)
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
        case .assigneeUser: Self.integer(complaint.assigneeUser)
        }
    }

    /// Sets the field of `complaint` the column in `row` holds: the inverse of `value(in:)`, so a
    /// new column is read as it is written, and the compiler asks for both lines. A field of a part
    /// a complaint may lack (its proposal, satisfaction, a clock's reason) is set once the column
    /// saying whether the part is there made it (`ComplaintRow.readingOrder`), over stand-in values.
    func read(_ row: CurrentRow, into complaint: inout Complaint) throws {
        func get<T: SQLiteValueConvertible>() throws -> T { try row.get(rawValue) }
        func get<T: SQLiteValueConvertible>() throws -> T? { try row.get(rawValue) }
        func instant() throws -> Instant? { (try get() as Int64?).map(Instant.init(seconds:)) }
        func required() throws -> Instant { Instant(seconds: try get()) }
        func enumeration<T: RawRepresentable>() throws -> T where T.RawValue == String {
            try ComplaintRow.enumeration(self, of: row)
        }
        func target() throws -> TimeLimitTarget {
            let text: String = try get()
            guard let target = TimeLimitTarget(stored: text) else { throw StoreError.corrupt("target '\(text)'") }
            return target
        }
        func number() throws -> CaseNumber {
            let text: String = try get()
            guard let number = CaseNumber(text) else { throw StoreError.corrupt("'\(text)' is not a case number") }
            return number
        }
        switch self {
        case .id: complaint.id = try get()
        case .number: complaint.number = try number()
        case .version: complaint.version = try get()
        case .status: complaint.status = try enumeration()
        case .channel: complaint.channel = try enumeration()
        case .category: complaint.category = try get()
        case .priority: complaint.priority = try enumeration()
        case .priorityReason: complaint.priorityReason = try get()
        case .title: complaint.title = try get()
        case .description: complaint.description = try get()
        case .complainantName: complaint.complainant.name = try get()
        case .complainantPhone: complaint.complainant.phone = try get()
        case .complainantEmail: complaint.complainant.email = try get()
        case .complainantCustomerRef: complaint.complainant.customerRef = try get()
        case .subjectType: complaint.subject.type = try enumeration()
        case .subjectRef: complaint.subject.ref = try get()
        case .subjectName: complaint.subject.name = try get()
        case .tags: complaint.tags = try ComplaintRow.tags(of: row)
        case .externalRef: complaint.externalRef = try get()
        case .receivedAt: complaint.receivedAt = try required()
        case .receivedBy: complaint.receivedBy = try get()
        case .createdByKey: complaint.createdByKey = try get()
        case .createdAt: complaint.createdAt = try required()
        case .updatedAt: complaint.updatedAt = try required()
        case .department: complaint.department = try get()
        case .assignee: complaint.assignee = try get()
        case .firstResponseDueAt: complaint.firstResponseDueAt = try required()
        case .firstRespondedAt: complaint.firstRespondedAt = try instant()
        case .resolutionDueAt: complaint.resolutionDueAt = try required()
        case .resolvedAt: complaint.resolvedAt = try instant()
        case .followUpDueAt: complaint.followUpDueAt = try instant()
        case .closedAt: complaint.closedAt = try instant()
        case .escalated: complaint.escalated = try get()
        case .reopenCount: complaint.reopenCount = try get()
        case .repeatOf:
            complaint.repeatOf = try (get() as Int64?).map { Complaint.Reference(id: $0, number: Self.standInNumber) }
        case .repeatOfNumber: if complaint.repeatOf != nil { complaint.repeatOf?.number = try number() }
        case .validityNote: complaint.validityNote = try get()
        case .hasInvestigation:
            complaint.investigation = try get() ? Complaint.Investigation(findings: nil, rootCause: nil) : nil
        case .investigationFindings: complaint.investigation?.findings = try get()
        case .investigationRootCause: complaint.investigation?.rootCause = try get()
        case .hasResponsibility:
            complaint.responsibility =
                try get() ? Complaint.Responsibility(department: nil, person: nil, penaltyMinor: nil) : nil
        case .responsibilityDepartment: complaint.responsibility?.department = try get()
        case .responsibilityPerson: complaint.responsibility?.person = try get()
        case .responsibilityPenaltyMinor: complaint.responsibility?.penaltyMinor = try get()
        case .proposalRemedies: if complaint.proposal != nil { complaint.proposal?.remedies = try remedies(in: row) }
        case .proposalAmountMinor: complaint.proposal?.amountMinor = try get()
        case .proposalCurrency: complaint.proposal?.currency = try get()
        case .proposalDescription:
            complaint.proposal = try (get() as String?).map {
                Complaint.Proposal(remedies: [], amountMinor: nil, currency: nil, description: $0)
            }
        case .proposalApprovedBy: complaint.proposal?.approvedBy = try get()
        case .proposalApprovedAt: complaint.proposal?.approvedAt = try instant()
        case .resolutionNote:
            complaint.resolution = try (get() as String?).map { Complaint.Resolution(note: $0, notifiedVia: "") }
        case .resolutionNotifiedVia: complaint.resolution?.notifiedVia = try get()
        case .satisfactionSatisfied: complaint.satisfaction?.satisfied = try get()
        case .satisfactionScore:
            complaint.satisfaction = try (get() as Int?).map {
                Complaint.Satisfaction(
                    satisfied: false, score: $0, comment: nil, method: .phone, recordedAt: Instant(seconds: 0))
            }
        case .satisfactionComment: complaint.satisfaction?.comment = try get()
        case .satisfactionMethod:
            if complaint.satisfaction != nil { complaint.satisfaction?.method = try enumeration() }
        case .satisfactionRecordedAt:
            if complaint.satisfaction != nil { complaint.satisfaction?.recordedAt = try required() }
        case .proposalAnswerAccepted: complaint.proposal?.answer?.accepted = try get()
        case .proposalAnswerComment: complaint.proposal?.answer?.comment = try get()
        case .proposalAnswerVia: complaint.proposal?.answer?.via = try get()
        case .proposalAnswerAt:
            guard complaint.proposal != nil, let at = try instant() else { break }
            complaint.proposal?.answer = Complaint.CustomerAnswer(accepted: false, comment: nil, via: "", at: at)
        // NULL in rows from before schema 15: their receiver, read before (`receivedBy` comes first).
        case .responsible: complaint.responsible = try get() ?? complaint.receivedBy
        case .region: complaint.region = try get()
        case .investigationReport: complaint.investigation?.report = try get()
        case .investigationReportDueAt: complaint.investigationReportDueAt = try instant()
        case .investigationReportedAt: complaint.investigationReportedAt = try instant()
        case .slaPolicy: complaint.timeLimits.policy = try get()
        case .firstContactPolicy, .investigationReportPolicy, .resolutionPolicy, .followUpPolicy:
            let clock = clockOfSource
            complaint.timeLimits.clocks[clock] = try (get() as String?).map {
                TimeLimitSources.Source(policy: $0, target: Self.standInTarget, calendar: "")
            }
        case .firstContactTarget, .investigationReportTarget, .resolutionTarget, .followUpTarget:
            let clock = clockOfSource
            guard complaint.timeLimits.clocks[clock] != nil else { break }
            complaint.timeLimits.clocks[clock]?.target = try target()
        case .firstContactCalendar, .investigationReportCalendar, .resolutionCalendar, .followUpCalendar:
            let clock = clockOfSource
            if complaint.timeLimits.clocks[clock] != nil { complaint.timeLimits.clocks[clock]?.calendar = try get() }
        case .awaitingSince: complaint.awaitingSince = try instant()
        case .awaitingFrom: complaint.awaitingFrom = try (get() as String?).map { _ in try enumeration() }
        case .resolutionPausedFor: complaint.resolutionPausedFor = try get()
        case .incident: complaint.incident = try get()
        case .mergedInto:
            complaint.mergedInto = try (get() as Int64?).map { Complaint.Reference(id: $0, number: Self.standInNumber) }
        case .mergedIntoNumber: if complaint.mergedInto != nil { complaint.mergedInto?.number = try number() }
        case .reopenedAt: complaint.reopenedAt = try instant()
        case .firstContactAtRiskAt, .investigationReportAtRiskAt, .resolutionAtRiskAt, .followUpAtRiskAt:
            let clock = clockOfSource
            if complaint.timeLimits.clocks[clock] != nil {
                complaint.timeLimits.clocks[clock]?.atRiskAt = try instant()
            }
        case .departmentSince: complaint.departmentSince = try instant()
        case .departmentDueAt: complaint.departmentDueAt = try instant()
        case .departmentPolicy:
            complaint.timeLimits.department = try (get() as String?).map {
                TimeLimitSources.Source(policy: $0, target: Self.standInTarget, calendar: "")
            }
        case .departmentTarget:
            guard complaint.timeLimits.department != nil else { break }
            complaint.timeLimits.department?.target = try target()
        case .departmentCalendar:
            if complaint.timeLimits.department != nil { complaint.timeLimits.department?.calendar = try get() }
        case .departmentAtRiskAt: complaint.timeLimits.department?.atRiskAt = try instant()
        case .departmentPausedFor: complaint.departmentPausedFor = try get()
        case .assigneeUser: complaint.assigneeUser = try get()
        }
    }

    /// The clock whose reason the column holds part of.
    private var clockOfSource: SLAClock {
        SLAClock.allCases.first { clock in
            let source = Self.source(of: clock)
            return [source.policy, source.target, source.calendar, Self.atRisk(of: clock)].contains(self)
        }!
    }

    /// A proposal's remedies, stored as their names joined by commas.
    private func remedies(in row: CurrentRow) throws -> [Remedy] {
        var remedies: [Remedy] = []
        try row.column(rawValue).withUTF8 { stored in
            try StoredRemedies.forEachName(in: stored) { bytes in
                let name = String(decoding: bytes, as: UTF8.self)
                guard let remedy = Remedy(rawValue: name) else { throw StoreError.corrupt("remedy '\(name)'") }
                remedies.append(remedy)
            }
        }
        return remedies
    }

    /// Stand-ins for the fields of a part that its other columns then set.
    private static let standInNumber = CaseNumber(month: "000000", serial: 0)
    private static let standInTarget = try! TimeLimitTarget(.sameDay, nil)

    /// Whether writes set the column: all but the id, which SQLite assigns, and the repeated
    /// complaint's and the survivor's numbers, which are read from their own rows.
    var isWritten: Bool { self != .id && self != .repeatOfNumber && self != .mergedIntoNumber }

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
