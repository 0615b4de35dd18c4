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
        /// From then on, unmet, the clock is at risk: the at-risk share of the time its target
        /// counts (working time for working units). Nil for a due date set before it was kept.
        public var atRiskAt: Instant?

        /// A reason from its parts.
        public init(policy: String, target: TimeLimitTarget, calendar: String, atRiskAt: Instant? = nil) {
            self.policy = policy
            self.target = target
            self.calendar = calendar
            self.atRiskAt = atRiskAt
        }

        /// The reason an evaluated due date gives.
        public init(_ due: SLAEvaluation.Due) {
            self.init(policy: due.policy, target: due.target, calendar: due.calendar, atRiskAt: due.atRiskAt)
        }
    }

    /// The first policy that matched the complaint when its due dates were last set.
    public var policy: String?
    /// The reason of each clock that has a due date.
    public var clocks: [SLAClock: Source]
    /// The reason of the current department's due date, when it has one.
    public var department: Source?

    /// Reasons from their parts; none by default.
    public init(policy: String? = nil, clocks: [SLAClock: Source] = [:], department: Source? = nil) {
        self.policy = policy
        self.clocks = clocks
        self.department = department
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
    /// resolution) for `complaint` as it stands, with their reasons and at-risk moments, replacing
    /// the ones it had. A clock no policy sets (the investigation report under the defaults) has
    /// no due date. A reopened complaint's resolution clock counts from its reopening instead.
    public func setDueDatesFromReceipt(of complaint: inout Complaint) {
        let facts = SLAFacts(complaint, region: complaint.region)
        let evaluation = evaluate(facts, moments: SLAMoments(receivedAt: complaint.receivedAt))
        var clocks = evaluation.clocks
        if let reopenedAt = complaint.reopenedAt {
            clocks[.resolution] = evaluate(facts, moments: SLAMoments(receivedAt: reopenedAt)).clocks[.resolution]
        }
        // Time already paused waiting on the customer stays off the resolution clock.
        if let due = clocks[.resolution] { clocks[.resolution] = shifted(due, by: complaint.resolutionPausedFor) }
        // The defaults set first contact and resolution for every priority, so those two are always there.
        if let due = clocks[.firstContact] { complaint.firstResponseDueAt = due.dueAt }
        if let due = clocks[.resolution] { complaint.resolutionDueAt = due.dueAt }
        complaint.investigationReportDueAt = clocks[.investigationReport]?.dueAt
        var sources = complaint.timeLimits
        sources.policy = evaluation.policy
        for clock in [SLAClock.firstContact, .investigationReport, .resolution] {
            sources.clocks[clock] = clocks[clock].map(TimeLimitSources.Source.init)
        }
        complaint.timeLimits = sources
    }

    /// Restarts the clocks a reopening restarts, at `now`: the resolution clock counts again from
    /// the reopening under the policy that applies to the complaint now, its paused time from zero,
    /// and the follow-up waits for the next resolution, which sets it from the same policies.
    /// First contact and the investigation report keep theirs: they were met or are still running;
    /// the department's limit, when the complaint is with one, counts again from the reopening.
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
        // The department that holds the case starts its limit again too.
        if complaint.department != nil {
            complaint.departmentPausedFor = 0
            setDepartmentDue(of: &complaint, since: now)
        }
    }

    /// The limit of the department `complaint` is assigned to, counted from `since` (when it was
    /// assigned there), less the time its clock was already paused; none when no policy sets one
    /// for that department.
    public func setDepartmentDue(of complaint: inout Complaint, since: Instant) {
        complaint.departmentSince = since
        let evaluation = evaluate(
            SLAFacts(complaint, region: complaint.region),
            moments: SLAMoments(receivedAt: complaint.receivedAt, assignedToDepartmentAt: since))
        let due = evaluation.department.map { shifted($0, by: complaint.departmentPausedFor) }
        complaint.departmentDueAt = due?.dueAt
        complaint.timeLimits.department = due.map(TimeLimitSources.Source.init)
    }

    /// Ends a pause of the resolution clock from `from` to `until`: the time the clock had left when
    /// it paused starts counting again at `until` (in its own calendar: working time for working
    /// units), so the due date, and the at-risk moment when it had not come, move out by the time
    /// paused. A clock paused after it was already due stays due. Returns the seconds of counted
    /// time paused, also added to `resolutionPausedFor`.
    @discardableResult
    public func resumeResolution(of complaint: inout Complaint, pausedFrom from: Instant, until: Instant) -> Int64 {
        guard
            let resumed = resume(
                due: complaint.resolutionDueAt, source: complaint.timeLimits.clocks[.resolution], from: from,
                until: until)
        else { return 0 }
        complaint.resolutionDueAt = resumed.due
        complaint.timeLimits.clocks[.resolution]?.atRiskAt = resumed.atRiskAt
        complaint.resolutionPausedFor += resumed.paused
        return resumed.paused
    }

    /// The same for the current department's clock; adds to `departmentPausedFor`.
    @discardableResult
    public func resumeDepartment(of complaint: inout Complaint, pausedFrom from: Instant, until: Instant) -> Int64 {
        // The clock counts from the assignment: only the part of the pause after it was paused time.
        let start = max(from, complaint.departmentSince ?? from)
        guard let due = complaint.departmentDueAt,
            let resumed = resume(due: due, source: complaint.timeLimits.department, from: start, until: until)
        else { return 0 }
        complaint.departmentDueAt = resumed.due
        complaint.timeLimits.department?.atRiskAt = resumed.atRiskAt
        complaint.departmentPausedFor += resumed.paused
        return resumed.paused
    }

    /// The follow-up's due date for `complaint`, resolved at `resolvedAt`, with its reason.
    public func setFollowUpDue(of complaint: inout Complaint, resolvedAt: Instant) {
        let evaluation = evaluate(
            SLAFacts(complaint, region: complaint.region),
            moments: SLAMoments(receivedAt: complaint.receivedAt, resolvedAt: resolvedAt))
        complaint.followUpDueAt = evaluation.clocks[.followUp]?.dueAt
        complaint.timeLimits.clocks[.followUp] = evaluation.clocks[.followUp].map(TimeLimitSources.Source.init)
    }

    /// Re-dates an open complaint under these policies and calendars, after they changed: every
    /// clock not yet met gets its due date, reason and at-risk moment again, from the moment it
    /// started and less the time it was paused; a clock already met keeps the date it was met
    /// against. Ended complaints stay as they are.
    public func redate(_ complaint: inout Complaint) {
        guard complaint.status.isOpen else { return }
        let before = complaint
        setDueDatesFromReceipt(of: &complaint)
        func keep(_ clock: SLAClock) { complaint.timeLimits.clocks[clock] = before.timeLimits.clocks[clock] }
        if before.firstRespondedAt != nil {
            complaint.firstResponseDueAt = before.firstResponseDueAt
            keep(.firstContact)
        }
        if before.investigationReportedAt != nil {
            complaint.investigationReportDueAt = before.investigationReportDueAt
            keep(.investigationReport)
        }
        if let resolvedAt = before.resolvedAt {
            complaint.resolutionDueAt = before.resolutionDueAt
            keep(.resolution)
            if complaint.status == .resolved { setFollowUpDue(of: &complaint, resolvedAt: resolvedAt) }
        } else if let since = before.departmentSince, complaint.department != nil {
            setDepartmentDue(of: &complaint, since: since)
        }
    }

    /// `due` moved out by `seconds` of the time it counts, its at-risk moment with it.
    private func shifted(_ due: SLAEvaluation.Due, by seconds: Int64) -> SLAEvaluation.Due {
        guard seconds > 0 else { return due }
        let working = due.target.unit.countsWorkingTime
        let calendar = calendar(due.calendar)
        var moved = due
        moved.dueAt = TimeLimits.advance(from: due.dueAt, by: seconds, workingTime: working, calendar: calendar)
        moved.atRiskAt = TimeLimits.advance(from: due.atRiskAt, by: seconds, workingTime: working, calendar: calendar)
        return moved
    }

    private func resume(
        due: Instant, source: TimeLimitSources.Source?, from: Instant, until: Instant
    ) -> (due: Instant, atRiskAt: Instant?, paused: Int64)? {
        guard from < due, from < until else { return nil }
        let working = source?.target.unit.countsWorkingTime ?? false
        let calendar = calendar(source?.calendar ?? WorkingCalendar.twentyFourSevenKey)
        func elapsed(_ to: Instant) -> Int64 {
            TimeLimits.elapsed(from: from, to: to, workingTime: working, calendar: calendar)
        }
        func advance(_ seconds: Int64) -> Instant {
            TimeLimits.advance(from: until, by: seconds, workingTime: working, calendar: calendar)
        }
        var atRiskAt = source?.atRiskAt
        if let moment = atRiskAt, from < moment { atRiskAt = advance(elapsed(moment)) }
        return (advance(elapsed(due)), atRiskAt, elapsed(until))
    }
}
