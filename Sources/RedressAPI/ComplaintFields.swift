import JSON
import RedressDomain
import RedressStore

/// What `ComplaintJSON` writes a complaint from: a `Complaint` in memory (after a change), or its
/// stored row read in place (on a read, where building a `Complaint` would cost more than the
/// JSON). Fields are named by their `ComplaintColumn`, and hold what that column stores, so both
/// read alike: a `Complaint`'s values come from `ComplaintColumn.value(in:)`, the one mapping
/// of its fields to columns.
protocol ComplaintFields {
    var version: Int { get }
    var status: Status { get }
    var tags: [String] { get }
    /// What its time limits depend on.
    var clocks: SLA.Clocks { get }
    /// The integer in `column`: booleans are 0 and 1, instants seconds since the epoch; nil for none.
    func integer(_ column: ComplaintColumn) -> Int64?
    /// `body`'s result over the UTF-8 text in `column`, valid only during the call; nil unless it holds text.
    func withUTF8<R>(_ column: ComplaintColumn, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R?
    /// Whether `column` holds nothing.
    func isNull(_ column: ComplaintColumn) -> Bool
}

extension ComplaintFields {
    /// The instant in `column`, or nil.
    func instant(_ column: ComplaintColumn) -> Instant? {
        integer(column).map(Instant.init(seconds:))
    }

    /// Writes the text in `column` as a JSON string, or null.
    func writeText(_ column: ComplaintColumn, into json: inout JSONWriter) {
        if withUTF8(column, { json.string(utf8: $0) }) == nil { json.null() }
    }

    /// Writes the proposal's remedies as strings, into an array already begun.
    func writeRemedies(into json: inout JSONWriter) {
        _ = withUTF8(.proposalRemedies) { stored in
            StoredRemedies.forEachName(in: stored) { json.string(utf8: $0) }
        }
    }

    /// Whether its satisfaction is the current one: recorded at or after the standing resolution,
    /// as `Complaint.currentSatisfaction` has it. After a reopening it is history (the events).
    var hasCurrentSatisfaction: Bool {
        guard let recorded = integer(.satisfactionRecordedAt), let resolved = integer(.resolvedAt) else { return false }
        return recorded >= resolved
    }

    /// Whether the complaint has the optional part `column` stands for: `repeatOf`,
    /// `hasInvestigation`, `hasResponsibility`, `proposalDescription`, `resolutionNote` or
    /// `satisfactionScore`. Flags are read as `ComplaintRow.decode` reads a Bool: any integer but 0 is true.
    func has(_ column: ComplaintColumn) -> Bool {
        switch column {
        case .hasInvestigation, .hasResponsibility: (integer(column) ?? 0) != 0
        default: !isNull(column)
        }
    }
}

extension StoredComplaint: ComplaintFields {}

extension Complaint: ComplaintFields {
    var clocks: SLA.Clocks { SLA.Clocks(self) }

    func integer(_ column: ComplaintColumn) -> Int64? {
        column.integer(in: self)
    }

    func withUTF8<R>(_ column: ComplaintColumn, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard var text = column.text(in: self) else { return nil }
        return try text.withUTF8(body)
    }

    func isNull(_ column: ComplaintColumn) -> Bool {
        column.isNull(in: self)
    }
}
