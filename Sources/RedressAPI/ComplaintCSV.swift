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

    /// Bytes that make a spreadsheet read a cell as a formula when they come first: = + - @, and
    /// tab and CR, which some applications skip before looking for one (OWASP "CSV injection").
    private static let formulaStarts = Set("=+-@\t\r".utf8)
    private static let quote = UInt8(ascii: "\"")

    /// Whether a cell holding `byte` must be quoted: comma, double quote, CR or LF.
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == quote || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    // The rules look at UTF-8 bytes, not `Character`s: a grapheme cluster such as "\r\n", ",\u{301}"
    // or "\"\u{301}" is not equal to CR, comma or quote, yet its bytes end a row, split a cell or
    // close a quote all the same. Every ASCII byte in UTF-8 is that character and nothing else.
    //
    // A cell whose first byte starts a formula gets a leading apostrophe, which spreadsheets take
    // as "this is text" and hide (a phone number's leading + is left alone: it holds only digits
    // and punctuation, so at worst it is read as a number or sum). A cell holding a comma, a quote,
    // CR or LF is quoted, its quotes doubled (RFC 4180 §2). Inside quotes a line break is part of
    // the one cell, so the text after it starts no row and no cell; spreadsheets decide whether a
    // cell is a formula by its first character only, so "A\r\n=1+1" stays text and is exported
    // unchanged.
    private static func appendField(_ field: String, to bytes: inout [UInt8]) {
        let utf8 = field.utf8
        let defused = utf8.first.map(formulaStarts.contains) == true && !ComplaintRules.isPhone(field)
        let quoted = utf8.contains(where: needsQuotes)
        if quoted { bytes.append(quote) }
        if defused { bytes.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            if byte == quote { bytes.append(byte) }
            bytes.append(byte)
        }
        if quoted { bytes.append(quote) }
    }
}
