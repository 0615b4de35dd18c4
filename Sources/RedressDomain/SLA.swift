/// How a complaint stands against its time limits at a given moment.
public struct SLA: Sendable, Equatable {
    /// The overall standing: breached if any limit is, else at risk if any is, else on track.
    public enum State: String, Sendable, CaseIterable {
        case onTrack = "on_track"
        case atRisk = "at_risk"
        case breached
    }

    /// One of the time limits: the clocks a policy sets (`first_response` is the `first_contact`
    /// clock), and the limit of the department the complaint is assigned to.
    public enum Kind: String, Sendable, CaseIterable {
        case firstResponse = "first_response"
        case investigationReport = "investigation_report"
        case resolution
        case followUp = "follow_up"
        case department
    }

    public var state: State
    /// The limits missed, in `Kind` order.
    public var breached: [Kind]
    /// The limits not yet met and past the at-risk share of their time.
    public var atRisk: [Kind]

    /// An evaluation from its parts.
    public init(state: State, breached: [Kind], atRisk: [Kind]) {
        self.state = state
        self.breached = breached
        self.atRisk = atRisk
    }

    /// Evaluates every limit of `complaint` at `now`. A limit is met when its event happened (the
    /// first response, the investigation report, the resolution, the follow-up; the department's
    /// by the resolution); when the complaint ended without it (rejected, withdrawn, closed), its
    /// clock stopped at `closedAt`. A limit is at risk from the moment stored with its due date
    /// (measured in the time its target counts), or, for one stored without, once `atRiskRatio`
    /// of the calendar time from its start to its due date has passed.
    public static func evaluate(_ complaint: Complaint, atRiskRatio: Double, now: Instant) -> SLA {
        evaluate(Clocks(complaint), atRiskRatio: atRiskRatio, now: now)
    }

    /// The same from a complaint's clocks alone.
    public static func evaluate(_ complaint: Clocks, atRiskRatio: Double, now: Instant) -> SLA {
        let stoppedAt = complaint.status.isOpen ? now : (complaint.closedAt ?? now)
        var breached: [Kind] = []
        var atRisk: [Kind] = []
        for limit in deadlines(of: complaint) {
            guard let due = limit.due else { continue }
            let end = limit.metAt ?? stoppedAt
            if end > due {
                breached.append(limit.kind)
            } else if limit.metAt == nil, complaint.status.isOpen, now >= limit.atRiskAt(ratio: atRiskRatio) {
                atRisk.append(limit.kind)
            }
        }
        let state: State = !breached.isEmpty ? .breached : !atRisk.isEmpty ? .atRisk : .onTrack
        return SLA(state: state, breached: breached, atRisk: atRisk)
    }

    /// The first moment after `now` at which `evaluate` will report a limit of `complaint` at risk
    /// or breached that it does not at `now`: the next at-risk moment or missed due date of a limit
    /// not yet met. Nil when none is coming (every limit met, or the complaint ended). The sweep
    /// looks at a complaint again then, or when it changes, and not in between.
    public static func nextChange(of complaint: Complaint, atRiskRatio: Double, after now: Instant) -> Instant? {
        guard complaint.status.isOpen else { return nil }
        var next: Instant?
        for limit in deadlines(of: Clocks(complaint)) {
            guard let due = limit.due, limit.metAt == nil else { continue }
            // A limit is breached one second after it is due.
            for moment in [limit.atRiskAt(ratio: atRiskRatio), due.adding(seconds: 1)] where moment > now {
                next = min(next ?? moment, moment)
            }
        }
        return next
    }

    /// The first moment from which `evaluate` reports the complaint breached, as long as nothing
    /// changes it: one second after the earliest due date of a limit that is missed or will be
    /// unless met (met late, ended late, or open and unmet); nil when none is. `overdue=true`
    /// lists the complaints whose moment has come, through an index on it.
    public static func breachedFrom(_ complaint: Clocks) -> Instant? {
        var earliest: Instant?
        for limit in deadlines(of: complaint) {
            guard let due = limit.due else { continue }
            let end = limit.metAt ?? (complaint.status.isOpen ? nil : complaint.closedAt)
            if end.map({ $0 > due }) ?? true {
                let moment = due.adding(seconds: 1)
                earliest = min(earliest ?? moment, moment)
            }
        }
        return earliest
    }

    /// The first moment from which a limit not yet met is at risk (with `atRiskRatio` for a limit
    /// stored without its moment); nil when the complaint ended or every limit is met or paused.
    /// A complaint is at risk (`at_risk=true`) when this has come and `breachedFrom` has not.
    public static func atRiskFrom(_ complaint: Clocks, atRiskRatio: Double) -> Instant? {
        guard complaint.status.isOpen else { return nil }
        var earliest: Instant?
        for limit in deadlines(of: complaint) where limit.due != nil && limit.metAt == nil {
            let moment = limit.atRiskAt(ratio: atRiskRatio)
            earliest = min(earliest ?? moment, moment)
        }
        return earliest
    }

    /// What a complaint's time limits depend on: its status, the moments of its life, and the
    /// at-risk moment set with each due date (nil for one set before they were kept).
    public struct Clocks: Sendable {
        public var status: Status
        public var receivedAt: Instant
        public var firstResponseDueAt: Instant
        public var firstRespondedAt: Instant?
        public var resolutionDueAt: Instant
        public var resolvedAt: Instant?
        public var followUpDueAt: Instant?
        public var closedAt: Instant?
        /// When the customer's satisfaction was recorded.
        public var satisfactionRecordedAt: Instant?
        /// When it was last reopened: the resolution clock started again then.
        public var reopenedAt: Instant?
        public var investigationReportDueAt: Instant?
        public var investigationReportedAt: Instant?
        /// Since when the complaint is with its department, whose limit counts from then.
        public var departmentSince: Instant?
        public var departmentDueAt: Instant?
        public var firstResponseAtRiskAt: Instant?
        public var investigationReportAtRiskAt: Instant?
        public var resolutionAtRiskAt: Instant?
        public var followUpAtRiskAt: Instant?
        public var departmentAtRiskAt: Instant?

        /// The clocks from every moment.
        public init(
            status: Status, receivedAt: Instant, firstResponseDueAt: Instant, firstRespondedAt: Instant?,
            resolutionDueAt: Instant, resolvedAt: Instant?, followUpDueAt: Instant?, closedAt: Instant?,
            satisfactionRecordedAt: Instant?, investigationReportDueAt: Instant? = nil,
            investigationReportedAt: Instant? = nil, departmentSince: Instant? = nil, departmentDueAt: Instant? = nil,
            firstResponseAtRiskAt: Instant? = nil, investigationReportAtRiskAt: Instant? = nil,
            resolutionAtRiskAt: Instant? = nil, followUpAtRiskAt: Instant? = nil, departmentAtRiskAt: Instant? = nil,
            reopenedAt: Instant? = nil
        ) {
            self.status = status
            self.receivedAt = receivedAt
            self.firstResponseDueAt = firstResponseDueAt
            self.firstRespondedAt = firstRespondedAt
            self.resolutionDueAt = resolutionDueAt
            self.resolvedAt = resolvedAt
            self.followUpDueAt = followUpDueAt
            self.closedAt = closedAt
            self.satisfactionRecordedAt = satisfactionRecordedAt
            self.reopenedAt = reopenedAt
            self.investigationReportDueAt = investigationReportDueAt
            self.investigationReportedAt = investigationReportedAt
            self.departmentSince = departmentSince
            self.departmentDueAt = departmentDueAt
            self.firstResponseAtRiskAt = firstResponseAtRiskAt
            self.investigationReportAtRiskAt = investigationReportAtRiskAt
            self.resolutionAtRiskAt = resolutionAtRiskAt
            self.followUpAtRiskAt = followUpAtRiskAt
            self.departmentAtRiskAt = departmentAtRiskAt
        }

        /// A complaint's clocks.
        public init(_ complaint: Complaint) {
            let sources = complaint.timeLimits
            self.init(
                status: complaint.status, receivedAt: complaint.receivedAt,
                firstResponseDueAt: complaint.firstResponseDueAt, firstRespondedAt: complaint.firstRespondedAt,
                resolutionDueAt: complaint.resolutionDueAt, resolvedAt: complaint.resolvedAt,
                followUpDueAt: complaint.followUpDueAt, closedAt: complaint.closedAt,
                satisfactionRecordedAt: complaint.satisfaction?.recordedAt,
                investigationReportDueAt: complaint.investigationReportDueAt,
                investigationReportedAt: complaint.investigationReportedAt,
                departmentSince: complaint.departmentSince, departmentDueAt: complaint.departmentDueAt,
                firstResponseAtRiskAt: sources.clocks[.firstContact]?.atRiskAt,
                investigationReportAtRiskAt: sources.clocks[.investigationReport]?.atRiskAt,
                resolutionAtRiskAt: sources.clocks[.resolution]?.atRiskAt,
                followUpAtRiskAt: sources.clocks[.followUp]?.atRiskAt,
                departmentAtRiskAt: sources.department?.atRiskAt, reopenedAt: complaint.reopenedAt)
        }
    }

    /// One limit: when its clock started, when it is due (nil when it has none, or is paused),
    /// when it was met, and its stored at-risk moment.
    private struct Limit {
        var kind: Kind
        var start: Instant
        var due: Instant?
        var metAt: Instant?
        var storedAtRiskAt: Instant?

        /// The stored moment, else the first whole second at which `ratio` of the calendar time
        /// from the start to the due date has passed (the rule before moments were stored).
        func atRiskAt(ratio: Double) -> Instant {
            if let storedAtRiskAt { return storedAtRiskAt }
            guard let due else { return start }
            return start.adding(seconds: Int64((ratio * Double(due.seconds - start.seconds)).rounded(.up)))
        }
    }

    // Each limit with the moment its clock started, its due date, and when it was met.
    private static func deadlines(of complaint: Clocks) -> [Limit] {
        let followedUpAt = complaint.satisfactionRecordedAt.flatMap { recordedAt in
            complaint.resolvedAt.map { recordedAt >= $0 } == true ? recordedAt : nil
        }
        let resolutionMet = complaint.resolvedAt ?? (complaint.status == .rejected ? complaint.closedAt : nil)
        // While the team waits on the customer the resolution clock and the department's are
        // paused: neither at risk nor breached, their due dates moving out when the customer replies.
        let paused = complaint.status == .awaitingCustomer
        return [
            Limit(
                kind: .firstResponse, start: complaint.receivedAt, due: complaint.firstResponseDueAt,
                metAt: complaint.firstRespondedAt, storedAtRiskAt: complaint.firstResponseAtRiskAt),
            Limit(
                kind: .investigationReport, start: complaint.receivedAt, due: complaint.investigationReportDueAt,
                metAt: complaint.investigationReportedAt, storedAtRiskAt: complaint.investigationReportAtRiskAt),
            Limit(
                // A reopened complaint's resolution clock started again at the reopening.
                kind: .resolution, start: complaint.reopenedAt ?? complaint.receivedAt,
                due: paused ? nil : complaint.resolutionDueAt,
                metAt: resolutionMet, storedAtRiskAt: complaint.resolutionAtRiskAt),
            Limit(
                kind: .followUp, start: complaint.resolvedAt ?? complaint.receivedAt, due: complaint.followUpDueAt,
                metAt: followedUpAt, storedAtRiskAt: complaint.followUpAtRiskAt),
            Limit(
                kind: .department, start: complaint.departmentSince ?? complaint.receivedAt,
                due: paused ? nil : complaint.departmentDueAt, metAt: resolutionMet,
                storedAtRiskAt: complaint.departmentAtRiskAt),
        ]
    }
}
