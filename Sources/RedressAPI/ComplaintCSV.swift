import RedressDomain

/// Complaints as CSV (RFC 4180): UTF-8, a header row, CRLF line ends.
enum ComplaintCSV {
    static let columns = [
        "id", "number", "status", "priority", "channel", "category", "title", "complainant_name", "complainant_phone",
        "complainant_email", "subject_type", "subject_ref", "subject_name", "department", "assignee", "received_at",
        "received_by", "first_response_due_at", "first_responded_at", "resolution_due_at", "resolved_at", "closed_at",
        "sla_state", "escalated", "reopen_count", "repeat_of",
    ]

    /// The header row.
    static let header = Array((columns.joined(separator: ",") + "\r\n").utf8)

    /// Appends one complaint's row.
    static func append(_ complaint: Complaint, atRiskRatio: Double, now: Instant, to bytes: inout [UInt8]) {
        let sla = SLA.evaluate(complaint, atRiskRatio: atRiskRatio, now: now)
        let fields: [String?] = [
            String(complaint.id), complaint.number.description, complaint.status.rawValue, complaint.priority.rawValue,
            complaint.channel.rawValue, complaint.category, complaint.title, complaint.complainant.name,
            complaint.complainant.phone, complaint.complainant.email, complaint.subject.type.rawValue, complaint.subject.ref,
            complaint.subject.name, complaint.department, complaint.assignee, complaint.receivedAt.rfc3339,
            complaint.receivedBy, complaint.firstResponseDueAt.rfc3339, complaint.firstRespondedAt?.rfc3339,
            complaint.resolutionDueAt.rfc3339, complaint.resolvedAt?.rfc3339, complaint.closedAt?.rfc3339,
            sla.state.rawValue, complaint.escalated ? "true" : "false", String(complaint.reopenCount),
            complaint.repeatOf?.number.description,
        ]
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if let field { appendField(field, to: &bytes) }
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    private static func appendField(_ field: String, to bytes: inout [UInt8]) {
        // A cell a spreadsheet would run as a formula (=, +, -, @ at the start) is neutralised with
        // a leading apostrophe (OWASP "CSV injection"); a phone number's leading + is left alone.
        var text = field
        if let first = text.first, "=+-@\t\r".contains(first), !ComplaintRules.isPhone(text) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
