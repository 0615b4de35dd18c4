import JSON
import RedressDomain
import SQLite

/// How a `Complaint` maps to the `complaints` table: one column list, one decoder, one set of values.
enum ComplaintRow {
    /// The columns every complaint query selects, in the order `decode` reads them.
    static let columns = """
        c.id, c.number, c.version, c.status, c.channel, c.category, c.priority, c.priority_reason, c.title,
        c.description, c.complainant_name, c.complainant_phone, c.complainant_email, c.complainant_customer_ref,
        c.subject_type, c.subject_ref, c.subject_name, c.tags, c.external_ref, c.received_at, c.received_by,
        c.created_by_key, c.created_at, c.updated_at, c.department, c.assignee, c.first_response_due_at,
        c.first_responded_at, c.resolution_due_at, c.resolved_at, c.follow_up_due_at, c.closed_at, c.escalated,
        c.reopen_count, c.repeat_of, r.number, c.validity_note, c.has_investigation, c.investigation_findings,
        c.investigation_root_cause, c.has_responsibility, c.responsibility_department, c.responsibility_person,
        c.responsibility_penalty_minor, c.proposal_remedies, c.proposal_amount_minor, c.proposal_currency,
        c.proposal_description, c.proposal_approved_by, c.proposal_approved_at, c.resolution_note,
        c.resolution_notified_via, c.satisfaction_satisfied, c.satisfaction_score, c.satisfaction_comment,
        c.satisfaction_method, c.satisfaction_recorded_at
        FROM complaints c LEFT JOIN complaints r ON r.id = c.repeat_of
        """

    /// The columns `values(of:)` fills, for INSERT and UPDATE alike.
    static let writableColumns = [
        "number", "version", "status", "channel", "category", "priority", "priority_rank", "priority_reason", "title",
        "description", "complainant_name", "complainant_phone", "complainant_email", "complainant_customer_ref",
        "phone_key", "email_key", "subject_type", "subject_ref", "subject_name", "tags", "external_ref", "received_at",
        "received_by", "created_by_key", "created_at", "updated_at", "department", "assignee", "first_response_due_at",
        "first_responded_at", "resolution_due_at", "resolved_at", "follow_up_due_at", "closed_at", "escalated",
        "reopen_count", "repeat_of", "validity_note", "has_investigation", "investigation_findings",
        "investigation_root_cause", "has_responsibility", "responsibility_department", "responsibility_person",
        "responsibility_penalty_minor", "proposal_remedies", "proposal_amount_minor", "proposal_currency",
        "proposal_description", "proposal_approved_by", "proposal_approved_at", "resolution_note",
        "resolution_notified_via", "satisfaction_satisfied", "satisfaction_score", "satisfaction_comment",
        "satisfaction_method", "satisfaction_recorded_at", "sla_check_at",
    ]

    /// Inserts a complaint: `writableColumns`, then its tracking code's digest.
    static let insertSQL = "INSERT INTO complaints (\((writableColumns + ["tracking_digest"]).joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: writableColumns.count + 1).joined(separator: ", ") + ")"

    /// Replaces `writableColumns` of the complaint with id `?` if its version is still `?`.
    static let updateSQL = "UPDATE complaints SET " + writableColumns.map { "\($0) = ?" }.joined(separator: ", ")
        + " WHERE id = ? AND version = ?"

    /// The columns whose text the search index holds.
    static let searchedColumns = "title, description, complainant_name, subject_ref, subject_name"

    /// The values of `searchedColumns` for a complaint.
    static func searchedValues(of complaint: Complaint) -> [SQLiteValue] {
        [complaint.title, complaint.description, complaint.complainant.name, complaint.subject.ref, complaint.subject.name]
            .map { $0.map(SQLiteValue.text) ?? .null }
    }

    /// The values of `writableColumns` for a complaint.
    static func values(of complaint: Complaint) -> [SQLiteArgument] {
        var tags = JSONWriter(capacity: 64)
        tags.beginArray()
        complaint.tags.forEach { tags.string($0) }
        tags.endArray()
        let proposal = complaint.proposal
        let satisfaction = complaint.satisfaction
        return [
            complaint.number.description, complaint.version, complaint.status.rawValue, complaint.channel.rawValue,
            complaint.category, complaint.priority.rawValue, complaint.priority.rank, complaint.priorityReason,
            complaint.title, complaint.description, complaint.complainant.name, complaint.complainant.phone,
            complaint.complainant.email, complaint.complainant.customerRef, ContactKey.phone(complaint.complainant.phone),
            ContactKey.email(complaint.complainant.email), complaint.subject.type.rawValue, complaint.subject.ref,
            complaint.subject.name, String(decoding: tags.bytes, as: UTF8.self), complaint.externalRef,
            complaint.receivedAt.seconds, complaint.receivedBy, complaint.createdByKey, complaint.createdAt.seconds,
            complaint.updatedAt.seconds, complaint.department, complaint.assignee, complaint.firstResponseDueAt.seconds,
            complaint.firstRespondedAt?.seconds, complaint.resolutionDueAt.seconds, complaint.resolvedAt?.seconds,
            complaint.followUpDueAt?.seconds, complaint.closedAt?.seconds, complaint.escalated, complaint.reopenCount,
            complaint.repeatOf?.id, complaint.validityNote, complaint.investigation != nil,
            complaint.investigation?.findings, complaint.investigation?.rootCause, complaint.responsibility != nil,
            complaint.responsibility?.department, complaint.responsibility?.person, complaint.responsibility?.penaltyMinor,
            proposal.map { $0.remedies.map(\.rawValue).joined(separator: ",") }, proposal?.amountMinor, proposal?.currency,
            proposal?.description, proposal?.approvedBy, proposal?.approvedAt?.seconds, complaint.resolution?.note,
            complaint.resolution?.notifiedVia, satisfaction?.satisfied, satisfaction?.score, satisfaction?.comment,
            satisfaction?.method.rawValue, satisfaction?.recordedAt.seconds,
            // Any change to an open complaint may bring an alert due: the sweep looks at it next.
            complaint.status.isOpen ? complaint.updatedAt.seconds : nil,
        ]
    }

    /// Reads a row selected with `columns`, in place.
    static func decode(_ row: CurrentRow) throws -> Complaint {
        func instant(_ index: Int) throws -> Instant? { (try row.get(index) as Int64?).map(Instant.init(seconds:)) }
        func required(_ index: Int) throws -> Instant { Instant(seconds: try row.get(index)) }
        func enumeration<T: RawRepresentable>(_ index: Int) throws -> T where T.RawValue == String {
            let raw: String = try row.get(index)
            guard let value = T(rawValue: raw) else { throw StoreError.corrupt("'\(raw)' is not a \(T.self)") }
            return value
        }
        func number(_ index: Int) throws -> CaseNumber {
            let text: String = try row.get(index)
            guard let number = CaseNumber(text) else { throw StoreError.corrupt("'\(text)' is not a case number") }
            return number
        }
        let tagsText: String = try row.get(17)
        // Most complaints have no tags; "[]" needs no parser.
        guard case .array(let tagValues)? = tagsText == "[]" ? .array([]) : try? JSONParser.parse(Array(tagsText.utf8)) else {
            throw StoreError.corrupt("tags '\(tagsText)'")
        }
        let repeatOf: Complaint.Reference? = try (row.get(34) as Int64?).map { Complaint.Reference(id: $0, number: try number(35)) }
        let proposal: Complaint.Proposal? = try (row.get(47) as String?).map { description in
            // Split as bytes: splitting by Character walks grapheme clusters, for names that are ASCII.
            let remedies = try ((try row.get(44) as String?) ?? "").utf8.split(separator: UInt8(ascii: ",")).map { bytes in
                let name = String(decoding: bytes, as: UTF8.self)
                guard let remedy = Remedy(rawValue: name) else { throw StoreError.corrupt("remedy '\(name)'") }
                return remedy
            }
            return Complaint.Proposal(remedies: remedies, amountMinor: try row.get(45), currency: try row.get(46),
                                      description: description, approvedBy: try row.get(48), approvedAt: try instant(49))
        }
        let satisfaction: Complaint.Satisfaction? = try (row.get(53) as Int?).map { score in
            Complaint.Satisfaction(satisfied: try row.get(52), score: score, comment: try row.get(54),
                                   method: try enumeration(55), recordedAt: try required(56))
        }
        return Complaint(
            id: try row.get(0), number: try number(1), version: try row.get(2), status: try enumeration(3),
            channel: try enumeration(4), category: try row.get(5), priority: try enumeration(6),
            priorityReason: try row.get(7), title: try row.get(8), description: try row.get(9),
            complainant: Complainant(name: try row.get(10), phone: try row.get(11), email: try row.get(12),
                                     customerRef: try row.get(13)),
            subject: Subject(type: try enumeration(14), ref: try row.get(15), name: try row.get(16)),
            tags: tagValues.map { if case .string(let tag) = $0 { tag } else { "" } },
            externalRef: try row.get(18), receivedAt: try required(19), receivedBy: try row.get(20),
            createdByKey: try row.get(21), createdAt: try required(22), updatedAt: try required(23),
            department: try row.get(24), assignee: try row.get(25), firstResponseDueAt: try required(26),
            firstRespondedAt: try instant(27), resolutionDueAt: try required(28), resolvedAt: try instant(29),
            followUpDueAt: try instant(30), closedAt: try instant(31), escalated: try row.get(32),
            reopenCount: try row.get(33), repeatOf: repeatOf, validityNote: try row.get(36),
            investigation: try row.get(37) ? Complaint.Investigation(findings: try row.get(38), rootCause: try row.get(39)) : nil,
            responsibility: try row.get(40)
                ? Complaint.Responsibility(department: try row.get(41), person: try row.get(42), penaltyMinor: try row.get(43))
                : nil,
            proposal: proposal,
            resolution: try (row.get(50) as String?).map { Complaint.Resolution(note: $0, notifiedVia: try row.get(51)) },
            satisfaction: satisfaction
        )
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
