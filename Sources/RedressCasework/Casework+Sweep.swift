import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// The actor the sweep's events are recorded under.
    public static let sweepActor = "system"

    /// One sweep of the time limits at `now` (API.md "Time limits"); returns how many alerts it
    /// recorded.
    ///
    /// It looks only at the complaints whose moment has come (`Schema.slaCheck`): changed since
    /// the last sweep, or with a limit turning at risk or due. Each write takes at most
    /// `complaintsPerWrite` of them, so that a sweep with much to catch up on (the first after a
    /// long stop) never holds the writer for long: it reads each complaint again, records the
    /// alerts it owes at that moment, once (the alert's row is the guard), and sets its next moment.
    public func sweepTimeLimits(settings: Settings, now: Instant, complaintsPerWrite: Int = 200) throws -> Int {
        let due = try database.read { try $0.complaintIDsDueForSLACheck(now: now) }
        let ratio = settings.atRiskRatio
        var appended = 0
        for start in stride(from: 0, to: due.count, by: complaintsPerWrite) {
            let ids = due[start..<min(start + complaintsPerWrite, due.count)]
            appended += try write { connection in
                try ids.reduce(0) { count, id in
                    guard let complaint = try connection.complaint(id: id) else { return count }
                    let alerts =
                        complaint.status.isOpen ? try connection.alert(complaint, atRiskRatio: ratio, now: now) : 0
                    try connection.scheduleSLACheck(
                        complaintID: id, at: SLA.nextChange(of: complaint, atRiskRatio: ratio, after: now))
                    return count + alerts
                }
            }
        }
        return appended
    }

    /// Deletes the replies kept for `Idempotency-Key` retries whose window has passed; returns how many.
    public func purgeExpiredReplays(now: Instant) throws -> Int {
        try write { try $0.purgeStoredResponses(now: now) }
    }

    /// Stores `settings`, encoded as `text`, which take effect at once. Due dates already computed
    /// stay as they are; new ones (intake, a new priority) use them. When the at-risk share
    /// changed, every open complaint is looked at again by the next sweep, whose next looks were
    /// timed with the old share.
    public func storeSettings(_ text: String, atRiskRatioChanged: Bool, now: Instant) throws {
        try write { connection in
            try connection.setSetting(text, for: Self.settingsKey)
            if atRiskRatioChanged { try connection.rescheduleSLAChecks(now: now) }
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
    /// Appends the alerts `complaint` owes at `now` and has not had; returns how many.
    fileprivate func alert(_ complaint: Complaint, atRiskRatio: Double, now: Instant) throws -> Int {
        let sla = SLA.evaluate(complaint, atRiskRatio: atRiskRatio, now: now)
        var appended = 0
        for (alert, kind) in sla.breached.map({ (SLA.State.breached, $0) }) + sla.atRisk.map({ (SLA.State.atRisk, $0) })
        {
            // The alert's row is the once-only guard: the event follows only a new row.
            guard try recordSLAAlert(complaintID: complaint.id, alert: alert, kind: kind, at: now) else { continue }
            try appendEvent(
                complaintID: complaint.id,
                type: alert == .breached ? "complaint.sla_breached" : "complaint.sla_at_risk",
                at: now, actor: Casework.sweepActor, from: complaint.status, to: complaint.status,
                data: [("limit", .string(kind.rawValue)), ("due_at", EventValue(Self.dueDate(of: kind, complaint)))]
            )
            appended += 1
        }
        return appended
    }

    private static func dueDate(of kind: SLA.Kind, _ complaint: Complaint) -> Instant? {
        switch kind {
        case .firstResponse: complaint.firstResponseDueAt
        case .resolution: complaint.resolutionDueAt
        case .followUp: complaint.followUpDueAt
        }
    }
}
