/// How a complaint stands against its time limits at a given moment.
public struct SLA: Sendable, Equatable {
    /// The overall standing: breached if any limit is, else at risk if any is, else on track.
    public enum State: String, Sendable, CaseIterable {
        case onTrack = "on_track"
        case atRisk = "at_risk"
        case breached
    }

    /// One of the three time limits.
    public enum Kind: String, Sendable, CaseIterable {
        case firstResponse = "first_response"
        case resolution
        case followUp = "follow_up"
    }

    public var state: State
    /// The limits missed, in the order first response, resolution, follow-up.
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
    /// first response, the resolution, the follow-up); when the complaint ended without it
    /// (rejected, withdrawn, closed), its clock stopped at `closedAt`.
    public static func evaluate(_ complaint: Complaint, atRiskRatio: Double, now: Instant) -> SLA {
        evaluate(Clocks(complaint), atRiskRatio: atRiskRatio, now: now)
    }

    /// The same from a complaint's clocks alone.
    public static func evaluate(_ complaint: Clocks, atRiskRatio: Double, now: Instant) -> SLA {
        let stoppedAt = complaint.status.isOpen ? now : (complaint.closedAt ?? now)
        var breached: [Kind] = []
        var atRisk: [Kind] = []
        for (kind, start, due, metAt) in deadlines(of: complaint) {
            guard let due else { continue }
            let end = metAt ?? stoppedAt
            if end > due {
                breached.append(kind)
            } else if metAt == nil, complaint.status.isOpen,
                now >= atRiskMoment(start: start, due: due, ratio: atRiskRatio)
            {
                atRisk.append(kind)
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
        for (_, start, due, metAt) in deadlines(of: Clocks(complaint)) {
            guard let due, metAt == nil else { continue }
            // A limit is breached one second after it is due.
            for moment in [atRiskMoment(start: start, due: due, ratio: atRiskRatio), due.adding(seconds: 1)]
            where moment > now {
                next = min(next ?? moment, moment)
            }
        }
        return next
    }

    /// The first whole second at which a limit that started at `start` and is due at `due` has
    /// used `ratio` of its time: from then on, unmet, it is at risk.
    private static func atRiskMoment(start: Instant, due: Instant, ratio: Double) -> Instant {
        start.adding(seconds: Int64((ratio * Double(due.seconds - start.seconds)).rounded(.up)))
    }

    /// What a complaint's time limits depend on: its status and the moments of its life.
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

        /// The clocks from every moment.
        public init(
            status: Status, receivedAt: Instant, firstResponseDueAt: Instant, firstRespondedAt: Instant?,
            resolutionDueAt: Instant, resolvedAt: Instant?, followUpDueAt: Instant?, closedAt: Instant?,
            satisfactionRecordedAt: Instant?, reopenedAt: Instant? = nil
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
        }

        /// A complaint's clocks.
        public init(_ complaint: Complaint) {
            self.init(
                status: complaint.status, receivedAt: complaint.receivedAt,
                firstResponseDueAt: complaint.firstResponseDueAt, firstRespondedAt: complaint.firstRespondedAt,
                resolutionDueAt: complaint.resolutionDueAt, resolvedAt: complaint.resolvedAt,
                followUpDueAt: complaint.followUpDueAt, closedAt: complaint.closedAt,
                satisfactionRecordedAt: complaint.satisfaction?.recordedAt, reopenedAt: complaint.reopenedAt)
        }
    }

    // Each limit with the moment its clock started, its due date, and when it was met.
    private static func deadlines(of complaint: Clocks) -> [(Kind, Instant, Instant?, Instant?)] {
        let followedUpAt = complaint.satisfactionRecordedAt.flatMap { recordedAt in
            complaint.resolvedAt.map { recordedAt >= $0 } == true ? recordedAt : nil
        }
        let resolutionMet = complaint.resolvedAt ?? (complaint.status == .rejected ? complaint.closedAt : nil)
        // While the team waits on the customer the resolution clock is paused: it is neither at
        // risk nor breached, and its due date moves out when the customer replies.
        let resolution: Instant? = complaint.status == .awaitingCustomer ? nil : complaint.resolutionDueAt
        return [
            (.firstResponse, complaint.receivedAt, complaint.firstResponseDueAt, complaint.firstRespondedAt),
            // A reopened complaint's resolution clock started again at the reopening.
            (.resolution, complaint.reopenedAt ?? complaint.receivedAt, resolution, resolutionMet),
            (.followUp, complaint.resolvedAt ?? complaint.receivedAt, complaint.followUpDueAt, followedUpAt),
        ]
    }
}
