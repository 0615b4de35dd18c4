/// Where a complaint's due dates came from: the policy that applies to it (`sla.policy`) and, for
/// each clock with a due date, the policy, target and calendar that set it. Kept with the
/// complaint, so that it says why each date is what it is even after the policies change.
public struct TimeLimitSources: Sendable, Equatable {
    /// One clock's reason.
    public struct Source: Sendable, Equatable {
        /// The name of the policy that set the clock.
        public var policy: String
        public var target: TimeLimitTarget
        /// The key of the calendar the target counts in.
        public var calendar: String

        /// A reason from its parts.
        public init(policy: String, target: TimeLimitTarget, calendar: String) {
            self.policy = policy
            self.target = target
            self.calendar = calendar
        }

        /// The reason an evaluated due date gives.
        public init(_ due: SLAEvaluation.Due) {
            self.init(policy: due.policy, target: due.target, calendar: due.calendar)
        }
    }

    /// The first policy that matched the complaint when its due dates were last set.
    public var policy: String?
    /// The reason of each clock that has a due date.
    public var clocks: [SLAClock: Source]

    /// Reasons from their parts; none by default.
    public init(policy: String? = nil, clocks: [SLAClock: Source] = [:]) {
        self.policy = policy
        self.clocks = clocks
    }
}

extension TimeLimitTarget {
    /// A target as `description` writes it (`24 calendar_hours`, `3 working_days`, `same_day`),
    /// the form a complaint stores; nil for any other text. Taken as written, since it was valid
    /// when stored (a default policy's hours may exceed what an administrator's policy allows).
    public init?(stored text: String) {
        let parts = text.split(separator: " ")
        switch parts.count {
        case 1:
            guard parts[0] == Unit.sameDay.rawValue else { return nil }
            self.init(unchecked: .sameDay, nil)
        case 2:
            guard let amount = Double(parts[0]), amount.isFinite, amount > 0,
                let unit = Unit(rawValue: String(parts[1])), unit != .sameDay
            else { return nil }
            self.init(unchecked: unit, amount)
        default:
            return nil
        }
    }
}

extension SLAPolicyList {
    /// The due dates of the clocks counted from receipt (first contact, investigation report,
    /// resolution) for `complaint` as it stands, with their reasons, replacing the ones it had.
    /// A clock no policy sets (the investigation report under the defaults) has no due date.
    /// A reopened complaint's resolution clock counts from its reopening instead.
    public func setDueDatesFromReceipt(of complaint: inout Complaint) {
        let facts = SLAFacts(complaint, region: complaint.region)
        var evaluation = evaluate(facts, moments: SLAMoments(receivedAt: complaint.receivedAt))
        if let reopenedAt = complaint.reopenedAt {
            evaluation.clocks[.resolution] =
                evaluate(facts, moments: SLAMoments(receivedAt: reopenedAt))
                .clocks[.resolution]
        }
        // The defaults set first contact and resolution for every priority, so those two are always there.
        if let due = evaluation.clocks[.firstContact] { complaint.firstResponseDueAt = due.dueAt }
        if let due = evaluation.clocks[.resolution] {
            // Time already paused waiting on the customer stays off the clock.
            complaint.resolutionDueAt =
                complaint.resolutionPausedFor > 0
                ? TimeLimits.advance(
                    from: due.dueAt, by: complaint.resolutionPausedFor,
                    workingTime: due.target.unit.countsWorkingTime, calendar: calendar(due.calendar))
                : due.dueAt
        }
        complaint.investigationReportDueAt = evaluation.clocks[.investigationReport]?.dueAt
        var sources = TimeLimitSources(policy: evaluation.policy, clocks: complaint.timeLimits.clocks)
        for clock in [SLAClock.firstContact, .investigationReport, .resolution] {
            sources.clocks[clock] = evaluation.clocks[clock].map(TimeLimitSources.Source.init)
        }
        complaint.timeLimits = sources
    }

    /// Restarts the clocks a reopening restarts, at `now`: the resolution clock counts again from
    /// the reopening under the policy that applies to the complaint now, its paused time from zero,
    /// and the follow-up waits for the next resolution, which sets it from the same policies.
    /// First contact and the investigation report keep theirs: they were met or are still running.
    public func restartResolution(of complaint: inout Complaint, at now: Instant) {
        let evaluation = evaluate(SLAFacts(complaint, region: complaint.region), moments: SLAMoments(receivedAt: now))
        complaint.reopenedAt = now
        complaint.resolutionPausedFor = 0
        complaint.timeLimits.policy = evaluation.policy
        // The defaults set the resolution for every priority, so it is always there.
        if let due = evaluation.clocks[.resolution] {
            complaint.resolutionDueAt = due.dueAt
            complaint.timeLimits.clocks[.resolution] = TimeLimitSources.Source(due)
        }
        complaint.followUpDueAt = nil
        complaint.timeLimits.clocks[.followUp] = nil
    }

    /// Ends a pause of the resolution clock from `from` to `until`: the time the clock had left when
    /// it paused starts counting again at `until` (in its own calendar: working time for working
    /// units), so the due date moves out by the time paused. A clock paused after it was already
    /// due stays due. Returns the seconds of counted time paused, also added to `resolutionPausedFor`.
    @discardableResult
    public func resumeResolution(of complaint: inout Complaint, pausedFrom from: Instant, until: Instant) -> Int64 {
        guard from < complaint.resolutionDueAt, from < until else { return 0 }
        let working = complaint.timeLimits.clocks[.resolution]?.target.unit.countsWorkingTime ?? false
        let calendar = calendar(
            complaint.timeLimits.clocks[.resolution]?.calendar ?? WorkingCalendar.twentyFourSevenKey)
        let left = TimeLimits.elapsed(
            from: from, to: complaint.resolutionDueAt, workingTime: working, calendar: calendar)
        let paused = TimeLimits.elapsed(from: from, to: until, workingTime: working, calendar: calendar)
        complaint.resolutionDueAt = TimeLimits.advance(from: until, by: left, workingTime: working, calendar: calendar)
        complaint.resolutionPausedFor += paused
        return paused
    }

    /// The follow-up's due date for `complaint`, resolved at `resolvedAt`, with its reason.
    public func setFollowUpDue(of complaint: inout Complaint, resolvedAt: Instant) {
        let evaluation = evaluate(
            SLAFacts(complaint, region: complaint.region),
            moments: SLAMoments(receivedAt: complaint.receivedAt, resolvedAt: resolvedAt))
        complaint.followUpDueAt = evaluation.clocks[.followUp]?.dueAt
        complaint.timeLimits.clocks[.followUp] = evaluation.clocks[.followUp].map(TimeLimitSources.Source.init)
    }
}
