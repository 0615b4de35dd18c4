import RedressDomain

/// Which complaints a list asks for, in what order, from where: `GET /v1/complaints`'s query.
public struct ComplaintFilter: Sendable, Equatable {
    /// The orders a list can take.
    public enum Sort: String, Sendable, CaseIterable {
        /// Newest received first (the default).
        case newest = "-received_at"
        /// Soonest resolution due first.
        case resolutionDue = "resolution_due_at"
        /// Most urgent first, newest first within a priority.
        case priority = "-priority"
    }

    public var statuses: [Status] = []
    public var priorities: [Priority] = []
    public var categories: [String] = []
    public var channels: [Channel] = []
    public var departments: [String] = []
    public var assignees: [String] = []
    /// Staff users assigned (ids), any of them; with `assignees`, a complaint matching either counts.
    public var assigneeUsers: [Int64] = []
    /// People answerable for the complaint (`responsible`), any of them.
    public var responsible: [String] = []
    /// Incidents the complaint is linked to, any of them (ids).
    public var incidents: [Int64] = []
    /// true: only complaints with a breached time limit at `now`; false: only those without.
    public var overdue: Bool?
    /// true: only complaints at risk at `now` (a limit past its at-risk moment, none breached);
    /// false: only those not at risk.
    public var atRisk: Bool?
    public var escalated: Bool?
    /// true: only repeat complaints; false: only first complaints.
    public var isRepeat: Bool?
    public var receivedFrom: Instant?
    public var receivedTo: Instant?
    /// An exact phone number or email address of the complainant.
    public var complainant: String?
    /// A subject reference (product model, order or store number), compared without regard to ASCII case.
    public var subjectRef: String?
    /// Literal text to find in title, description, complainant name or subject.
    public var text: String?
    /// Only complaints this key registered (for intake keys).
    public var createdByKey: Int64?
    public var sort: Sort = .newest

    /// No filter: every complaint, newest first.
    public init() {}
}

/// Where a page of a list ends: the sort key of its last complaint, so the next page starts after it.
public struct ComplaintCursor: Sendable, Equatable {
    public var sort: ComplaintFilter.Sort
    /// The last complaint's sort values (received_at; resolution_due_at; or priority rank and received_at), then its id.
    public var keys: [Int64]

    /// A cursor from its sort and keys.
    public init(sort: ComplaintFilter.Sort, keys: [Int64]) {
        self.sort = sort
        self.keys = keys
    }

    /// The cursor positioned after `complaint` in `sort` order.
    init(after complaint: StoredComplaint, sort: ComplaintFilter.Sort) throws {
        self.sort = sort
        switch sort {
        case .newest: keys = [complaint.clocks.receivedAt.seconds, complaint.id]
        case .resolutionDue: keys = [complaint.clocks.resolutionDueAt.seconds, complaint.id]
        case .priority:
            keys = [Int64(try complaint.priority().rank), complaint.clocks.receivedAt.seconds, complaint.id]
        }
    }

    /// The opaque text form handed to clients: `<sort>.<key>.<key>...` in base 36.
    public var token: String {
        ([String(ComplaintFilter.Sort.allCases.firstIndex(of: sort)!)] + keys.map { String($0, radix: 36) })
            .joined(separator: ".")
    }

    /// Reads a token; nil when it was not made by `token`.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, let index = Int(first), ComplaintFilter.Sort.allCases.indices.contains(index)
        else {
            return nil
        }
        let keys = parts.dropFirst().compactMap { Int64($0, radix: 36) }
        let sort = ComplaintFilter.Sort.allCases[index]
        guard keys.count == parts.count - 1, keys.count == (sort == .priority ? 3 : 2) else { return nil }
        self.init(sort: sort, keys: keys)
    }
}
