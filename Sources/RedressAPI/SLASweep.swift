import RedressDomain
import RedressStore
import SQLite

/// The background sweep that warns about time limits (API.md "Time limits"): every interval it
/// appends `complaint.sla_at_risk` when a limit passes its at-risk share of time, and
/// `complaint.sla_breached` when it is missed, once per complaint, alert and limit, also across
/// restarts. Ended complaints are not swept; their standing is in their `sla` field. The same
/// timer deletes `Idempotency-Key` responses past their replay window.
final class SLASweep {
    /// The actor the sweep's events are recorded under.
    static let actor = "system"

    private let thread: PeriodicThread

    /// Sweeps at once, catching up on whatever the service missed while it was down, then every
    /// `interval`, on a thread named `sla-sweep`.
    init(backend: Backend, every interval: Duration = .seconds(60)) {
        thread = PeriodicThread(named: "sla-sweep", every: interval) {
            let log = backend.runtime.log
            do {
                let appended = try Self.run(backend)
                if appended > 0 {
                    log.write(.info, "recorded time-limit alerts", [("events", .int(Int64(appended)))])
                }
                let purged = try Self.purgeExpiredReplays(backend)
                if purged > 0 {
                    log.write(.debug, "deleted expired idempotent responses", [("responses", .int(Int64(purged)))])
                }
            } catch {
                log.write(.warn, "the time-limit sweep failed", [("error", .string(String(describing: error)))])
            }
        }
    }

    /// Stops sweeping, and waits for a sweep under way to finish so that the database can close.
    func stop() {
        thread.stop()
    }

    /// Deletes the responses kept for `Idempotency-Key` replay whose window has passed; returns how many.
    @discardableResult
    static func purgeExpiredReplays(_ backend: Backend) throws -> Int {
        let now = backend.now
        return try backend.write { try $0.purgeStoredResponses(now: now) }
    }

    /// One sweep at the service's current time; returns how many events it appended.
    ///
    /// It looks only at the complaints whose moment has come (`Schema.slaCheck`): changed since
    /// the last sweep, or with a limit turning at risk or due. Each write takes at most
    /// `complaintsPerWrite` of them, so that a sweep with much to catch up on (the first after a
    /// long stop) never holds the writer for long: it reads each complaint again, records the
    /// alerts it owes at that moment, once (the alert's row is the guard), and sets its next moment.
    @discardableResult
    static func run(_ backend: Backend, complaintsPerWrite: Int = 200) throws -> Int {
        let settings = try backend.settings()
        let now = backend.now
        let due = try backend.read { try $0.complaintIDsDueForSLACheck(now: now) }
        var appended = 0
        for start in stride(from: 0, to: due.count, by: complaintsPerWrite) {
            let ids = due[start..<min(start + complaintsPerWrite, due.count)]
            appended += try backend.write { connection in
                try ids.reduce(0) { count, id in
                    guard let complaint = try connection.complaint(id: id) else { return count }
                    let ratio = settings.atRiskRatio
                    let alerts = complaint.status.isOpen ? try alert(complaint, atRiskRatio: ratio, now: now, on: connection) : 0
                    try connection.scheduleSLACheck(complaintID: id, at: SLA.nextChange(of: complaint, atRiskRatio: ratio, after: now))
                    return count + alerts
                }
            }
        }
        return appended
    }

    /// Appends the alerts `complaint` owes at `now` and has not had; returns how many.
    private static func alert(_ complaint: Complaint, atRiskRatio: Double, now: Instant, on connection: Connection) throws -> Int {
        let sla = SLA.evaluate(complaint, atRiskRatio: atRiskRatio, now: now)
        var appended = 0
        for (alert, kind) in sla.breached.map({ (SLA.State.breached, $0) }) + sla.atRisk.map({ (SLA.State.atRisk, $0) }) {
            // The alert's row is the once-only guard: the event follows only a new row.
            guard try connection.recordSLAAlert(complaintID: complaint.id, alert: alert, kind: kind, at: now) else { continue }
            try connection.appendEvent(
                complaintID: complaint.id, type: alert == .breached ? "complaint.sla_breached" : "complaint.sla_at_risk",
                at: now, actor: actor, from: complaint.status, to: complaint.status,
                data: EventJSON.encode([("limit", .string(kind.rawValue)), ("due_at", EventValue(dueDate(of: kind, complaint)))])
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
