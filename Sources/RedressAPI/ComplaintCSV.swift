import RedressDomain
import RedressStore

/// Complaints as CSV (RFC 4180): UTF-8, a header row, CRLF line ends. Rows are written from the
/// stored row in place, as the JSON of a read is.
enum ComplaintCSV {
    /// What a cell shows of a complaint.
    fileprivate enum Cell {
        /// The column's text or integer as stored.
        case column(ComplaintColumn)
        /// The instant in the column, in RFC 3339.
        case instant(ComplaintColumn)
        /// The flag in the column, as `true` or `false`; empty when the column is null and `nullable`.
        case flag(ComplaintColumn, nullable: Bool = false)
        /// The time limits' state now.
        case slaState
    }

    /// Columns the export leaves out unless `fields=` asks for them: long text, and what is
    /// internal to the company's own appraisal.
    enum Extra: String, CaseIterable, Sendable {
        case description, findings
        case rootCause = "root_cause"
        case proposal, penalty, satisfaction

        fileprivate var cells: [(header: String, cell: Cell)] {
            switch self {
            case .description: [("description", .column(.description))]
            case .findings: [("findings", .column(.investigationFindings))]
            case .rootCause: [("root_cause", .column(.investigationRootCause))]
            case .proposal:
                [
                    ("proposal_remedies", .column(.proposalRemedies)),
                    ("proposal_amount_minor", .column(.proposalAmountMinor)),
                    ("proposal_currency", .column(.proposalCurrency)),
                    ("proposal_description", .column(.proposalDescription)),
                    ("proposal_approved_by", .column(.proposalApprovedBy)),
                ]
            case .penalty:
                [
                    ("responsible_department", .column(.responsibilityDepartment)),
                    ("responsible_person", .column(.responsibilityPerson)),
                    ("penalty_minor", .column(.responsibilityPenaltyMinor)),
                ]
            case .satisfaction:
                [
                    ("satisfied", .flag(.satisfactionSatisfied, nullable: true)),
                    ("satisfaction_score", .column(.satisfactionScore)),
                    ("satisfaction_method", .column(.satisfactionMethod)),
                    ("satisfaction_comment", .column(.satisfactionComment)),
                ]
            }
        }
    }

    /// Which columns an export has: the standard ones, then the extras asked for, in `Extra`'s order.
    struct Layout: Sendable {
        fileprivate let cells: [(header: String, cell: Cell)]

        /// The standard columns and `extras`.
        init(_ extras: Set<Extra> = []) {
            cells = ComplaintCSV.cells + Extra.allCases.filter(extras.contains).flatMap(\.cells)
        }

        /// The header names, in order.
        var columns: [String] { cells.map(\.header) }

        /// The header row.
        var header: [UInt8] { Array((columns.joined(separator: ",") + "\r\n").utf8) }
    }

    /// The export's standard columns: a header and what its cells show, in order.
    private static let cells: [(header: String, cell: Cell)] = [
        ("id", .column(.id)), ("number", .column(.number)), ("status", .column(.status)),
        ("priority", .column(.priority)), ("channel", .column(.channel)), ("category", .column(.category)),
        ("title", .column(.title)), ("complainant_name", .column(.complainantName)),
        ("complainant_phone", .column(.complainantPhone)), ("complainant_email", .column(.complainantEmail)),
        ("subject_type", .column(.subjectType)), ("subject_ref", .column(.subjectRef)),
        ("subject_name", .column(.subjectName)), ("department", .column(.department)), ("assignee", .column(.assignee)),
        ("received_at", .instant(.receivedAt)), ("received_by", .column(.receivedBy)),
        ("first_response_due_at", .instant(.firstResponseDueAt)), ("first_responded_at", .instant(.firstRespondedAt)),
        ("resolution_due_at", .instant(.resolutionDueAt)), ("resolved_at", .instant(.resolvedAt)),
        ("closed_at", .instant(.closedAt)), ("sla_state", .slaState), ("escalated", .flag(.escalated)),
        ("reopen_count", .column(.reopenCount)), ("repeat_of", .column(.repeatOfNumber)),
    ]

    /// The standard header names, in order.
    static let columns = Layout().columns

    /// Appends one complaint's row with `layout`'s columns.
    static func append(
        _ complaint: some ComplaintFields, layout: Layout = Layout(), atRiskRatio: Double, now: Instant,
        to bytes: inout [UInt8]
    ) {
        for (index, (_, cell)) in layout.cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch cell {
            case .column(let column):
                if let integer = complaint.integer(column) {
                    bytes.append(contentsOf: String(integer).utf8)
                } else {
                    _ = complaint.withUTF8(column) { appendField($0, to: &bytes) }
                }
            case .instant(let column):
                if let instant = complaint.instant(column) { bytes.append(contentsOf: instant.rfc3339.utf8) }
            case .flag(let column, let nullable):
                let value = complaint.integer(column)
                if value != nil || !nullable {
                    bytes.append(contentsOf: (value ?? 0) != 0 ? "true".utf8 : "false".utf8)
                }
            case .slaState:
                bytes.append(
                    contentsOf: SLA.evaluate(complaint.clocks, atRiskRatio: atRiskRatio, now: now).state.rawValue.utf8)
            }
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
    private static func appendField(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let defused =
            utf8.first.map(formulaStarts.contains) == true
            && !ComplaintRules.isPhone(String(decoding: utf8, as: UTF8.self))
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
