import JSON
import RedressDomain
import RedressStore

/// What `ComplaintJSON` writes a complaint from: a `Complaint` in memory (after a change), or its
/// stored row read in place (on a read, where building a `Complaint` would cost more than the
/// JSON). Fields are named by their `ComplaintColumn`.
protocol ComplaintFields {
    var version: Int { get }
    var status: Status { get }
    var tags: [String] { get }
    /// What its time limits depend on.
    var clocks: SLA.Clocks { get }
    /// The integer in `column`: booleans are 0 and 1, instants seconds since the epoch; nil for none.
    func integer(_ column: ComplaintColumn) -> Int64?
    /// Writes the text in `column` as a JSON string, or null.
    func writeText(_ column: ComplaintColumn, into json: inout JSONWriter)
    /// Writes the proposal's remedies as strings, into an array already begun.
    func writeRemedies(into json: inout JSONWriter)
    /// Whether the complaint has the optional part `column` stands for: `repeatOf`,
    /// `hasInvestigation`, `hasResponsibility`, `proposalDescription`, `resolutionNote` or `satisfactionScore`.
    func has(_ column: ComplaintColumn) -> Bool
}

extension ComplaintFields {
    /// The instant in `column`, or nil.
    func instant(_ column: ComplaintColumn) -> Instant? {
        integer(column).map(Instant.init(seconds:))
    }
}

extension StoredComplaint: ComplaintFields {
    func writeText(_ column: ComplaintColumn, into json: inout JSONWriter) {
        if withUTF8(column, { json.string(utf8: $0) }) == nil { json.null() }
    }

    func writeRemedies(into json: inout JSONWriter) {
        _ = withUTF8(.proposalRemedies) { stored in
            StoredRemedies.forEachName(in: stored) { json.string(utf8: $0) }
        }
    }

    func has(_ column: ComplaintColumn) -> Bool {
        switch column {
        // Flags are read as `decode` reads a Bool: any integer but 0 is true.
        case .hasInvestigation, .hasResponsibility: (integer(column) ?? 0) != 0
        default: !isNull(column)
        }
    }
}

extension Complaint: ComplaintFields {
    var clocks: SLA.Clocks { SLA.Clocks(self) }

    func integer(_ column: ComplaintColumn) -> Int64? {
        switch column {
        case .id: id
        case .createdByKey: createdByKey
        case .escalated: escalated ? 1 : 0
        case .reopenCount: Int64(reopenCount)
        case .repeatOf: repeatOf?.id
        case .responsibilityPenaltyMinor: responsibility?.penaltyMinor
        case .proposalAmountMinor: proposal?.amountMinor
        case .satisfactionSatisfied: satisfaction.map { $0.satisfied ? 1 : 0 }
        case .satisfactionScore: satisfaction.map { Int64($0.score) }
        case .receivedAt: receivedAt.seconds
        case .createdAt: createdAt.seconds
        case .updatedAt: updatedAt.seconds
        case .firstResponseDueAt: firstResponseDueAt.seconds
        case .firstRespondedAt: firstRespondedAt?.seconds
        case .resolutionDueAt: resolutionDueAt.seconds
        case .resolvedAt: resolvedAt?.seconds
        case .followUpDueAt: followUpDueAt?.seconds
        case .closedAt: closedAt?.seconds
        case .proposalApprovedAt: proposal?.approvedAt?.seconds
        case .satisfactionRecordedAt: satisfaction?.recordedAt.seconds
        default: preconditionFailure("\(column) holds no integer")
        }
    }

    func writeText(_ column: ComplaintColumn, into json: inout JSONWriter) {
        let text: String? = switch column {
        case .number: number.description
        case .status: status.rawValue
        case .channel: channel.rawValue
        case .category: category
        case .priority: priority.rawValue
        case .priorityReason: priorityReason
        case .title: title
        case .description: description
        case .complainantName: complainant.name
        case .complainantPhone: complainant.phone
        case .complainantEmail: complainant.email
        case .complainantCustomerRef: complainant.customerRef
        case .subjectType: subject.type.rawValue
        case .subjectRef: subject.ref
        case .subjectName: subject.name
        case .externalRef: externalRef
        case .receivedBy: receivedBy
        case .department: department
        case .assignee: assignee
        case .repeatOfNumber: repeatOf?.number.description
        case .validityNote: validityNote
        case .investigationFindings: investigation?.findings
        case .investigationRootCause: investigation?.rootCause
        case .responsibilityDepartment: responsibility?.department
        case .responsibilityPerson: responsibility?.person
        case .proposalCurrency: proposal?.currency
        case .proposalDescription: proposal?.description
        case .proposalApprovedBy: proposal?.approvedBy
        case .resolutionNote: resolution?.note
        case .resolutionNotifiedVia: resolution?.notifiedVia
        case .satisfactionComment: satisfaction?.comment
        case .satisfactionMethod: satisfaction?.method.rawValue
        default: preconditionFailure("\(column) holds no text")
        }
        if let text { json.string(text) } else { json.null() }
    }

    func writeRemedies(into json: inout JSONWriter) {
        proposal?.remedies.forEach { json.string($0.rawValue) }
    }

    func has(_ column: ComplaintColumn) -> Bool {
        switch column {
        case .repeatOf: repeatOf != nil
        case .hasInvestigation: investigation != nil
        case .hasResponsibility: responsibility != nil
        case .proposalDescription: proposal != nil
        case .resolutionNote: resolution != nil
        case .satisfactionScore: satisfaction != nil
        default: preconditionFailure("\(column) marks no part")
        }
    }
}
