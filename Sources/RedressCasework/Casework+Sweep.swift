import JSON
import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// The actor the sweep's events are recorded under.
    public static let sweepActor = "system"
    /// The reason the sweep withdraws a complaint the customer never answered.
    public static let noReplyReason = "no_reply"

    /// One sweep of the time limits at `now` (API.md "Time limits"); returns how many events it
    /// recorded: alerts, reminders and withdrawals.
    ///
    /// It looks only at the complaints whose moment has come (`Schema.slaCheck`): changed since
    /// the last sweep, or with a limit turning at risk or due, or a wait on the customer reaching
    /// its reminder or its end. Each write takes at most `complaintsPerWrite` of them, so that a
    /// sweep with much to catch up on (the first after a long stop) never holds the writer for
    /// long: it reads each complaint again, records the alerts it owes at that moment, once (the
    /// alert's row is the guard), reminds or withdraws a complaint whose customer has not replied
    /// (`Settings.noReplyReminder`, `noReplyWithdraw`, counted in `timeLimits`' calendars), and sets
    /// its next moment.
    public func sweepTimeLimits(
        settings: Settings, timeLimits: SLAPolicyList? = nil, now: Instant, complaintsPerWrite: Int = 200
    ) throws -> Int {
        let due = try database.read { try $0.complaintIDsDueForSLACheck(now: now) }
        let limits = timeLimits ?? .defaults(from: settings)
        var appended = 0
        for start in stride(from: 0, to: due.count, by: complaintsPerWrite) {
            let ids = due[start..<min(start + complaintsPerWrite, due.count)]
            appended += try write { connection in
                try ids.reduce(0) { count, id in
                    guard let complaint = try connection.complaint(id: id) else { return count }
                    return count + (try connection.sweep(complaint, settings: settings, limits: limits, now: now))
                }
            }
        }
        return appended
    }

    /// Deletes the replies kept for `Idempotency-Key` retries whose window has passed; returns how many.
    public func purgeExpiredReplays(now: Instant) throws -> Int {
        try write { try $0.purgeStoredResponses(now: now) }
    }

    /// Stores `settings`, encoded as `text`, which take effect at once. When the limits the
    /// default policies are made of or the at-risk share changed, open complaints are re-dated in
    /// the background (`startRedating`); when the limits for a customer's reply changed, the next
    /// sweep looks again at every complaint waiting on one.
    public func storeSettings(
        _ text: String, redate: Bool = false, replyLimitsChanged: Bool = false, now: Instant
    ) throws {
        let pending = redate ? try countToRedate() : nil
        try write { connection in
            try connection.setSetting(text, for: Self.settingsKey)
            if let pending { try connection.startRedating(pending: pending) }
            if replyLimitsChanged { try connection.rescheduleAwaitingChecks(now: now) }
        }
    }

    /// The key the settings are stored under.
    public static let settingsKey = "sla_settings"

    /// One write of the phone-key backfill, at most `batch` complaints with the numbers put in
    /// E.164 under `settings`; returns how many it looked at, 0 once all are done.
    public func backfillPhoneKeys(settings: Settings, batch: Int) throws -> Int {
        try write { try $0.backfillPhoneKeys(limit: batch) { settings.e164($0) } }
    }
}

extension Connection {
    /// Looks at one complaint whose moment has come; returns how many events it recorded.
    fileprivate func sweep(
        _ complaint: Complaint, settings: Settings, limits: SLAPolicyList, now: Instant
    ) throws
        -> Int
    {
        guard complaint.status.isOpen else {
            try scheduleSLACheck(complaintID: complaint.id, at: nil)
            return 0
        }
        var appended = try alert(complaint, atRiskRatio: settings.atRiskRatio, now: now)
        var next = SLA.nextChange(of: complaint, atRiskRatio: settings.atRiskRatio, after: now)
        if complaint.status == .awaitingCustomer, let since = complaint.awaitingSince {
            let calendar = limits.calendar(
                complaint.timeLimits.clocks[.resolution]?.calendar ?? WorkingCalendar.twentyFourSevenKey)
            let withdrawAt = settings.noReplyWithdraw.map {
                TimeLimits.due(start: since, target: $0, calendar: calendar)
            }
            if let withdrawAt, now > withdrawAt {
                // The customer never answered: the complaint ends, withdrawn, and is not looked at again.
                _ = try take(
                    .withdraw(reason: Casework.noReplyReason), on: complaint,
                    by: Actor(name: Casework.sweepActor, role: .agent), settings: settings, timeLimits: limits, now: now
                )
                return appended + 1
            }
            let remindAt = settings.noReplyReminder.map { TimeLimits.due(start: since, target: $0, calendar: calendar) }
            if let remindAt, now > remindAt, withdrawAt.map({ remindAt < $0 }) ?? true,
                try recordReplyReminder(complaintID: complaint.id, awaitingSince: since, at: now)
            {
                _ = try appendEvent(
                    complaintID: complaint.id, type: "complaint.reply_reminder", at: now, actor: Casework.sweepActor,
                    from: complaint.status, to: complaint.status,
                    data: [
                        ("awaiting_customer_since", EventValue(since)), ("withdraw_at", EventValue(withdrawAt)),
                    ])
                appended += 1
            }
            // Looked at again one second after each limit, as a limit is missed once it has passed.
            for moment in [remindAt, withdrawAt].compactMap({ $0?.adding(seconds: 1) }) where moment > now {
                next = min(next ?? moment, moment)
            }
        }
        try scheduleSLACheck(complaintID: complaint.id, at: next)
        return appended
    }

    /// Appends the alerts `complaint` owes at `now` and has not had; returns how many.
    private func alert(_ complaint: Complaint, atRiskRatio: Double, now: Instant) throws -> Int {
        let sla = SLA.evaluate(complaint, atRiskRatio: atRiskRatio, now: now)
        var appended = 0
        for (alert, kind) in sla.breached.map({ (SLA.State.breached, $0) }) + sla.atRisk.map({ (SLA.State.atRisk, $0) })
        {
            // The alert's row is the once-only guard: the event follows only a new row.
            let startedAt = kind == .department ? complaint.departmentSince : nil
            guard try recordSLAAlert(complaintID: complaint.id, alert: alert, kind: kind, startedAt: startedAt, at: now)
            else { continue }
            var data: [(String, EventValue)] = [
                ("limit", .string(kind.rawValue)), ("due_at", EventValue(Self.dueDate(of: kind, complaint))),
            ]
            if kind == .department { data.append(("department", EventValue(complaint.department))) }
            _ = try appendEvent(
                complaintID: complaint.id,
                type: alert == .breached ? "complaint.sla_breached" : "complaint.sla_at_risk",
                at: now, actor: Casework.sweepActor, from: complaint.status, to: complaint.status, data: data)
            appended += 1
        }
        return appended
    }

    private static func dueDate(of kind: SLA.Kind, _ complaint: Complaint) -> Instant? {
        switch kind {
        case .firstResponse: complaint.firstResponseDueAt
        case .investigationReport: complaint.investigationReportDueAt
        case .resolution: complaint.resolutionDueAt
        case .followUp: complaint.followUpDueAt
        case .department: complaint.departmentDueAt
        }
    }
}
