import RedressCasework
import RedressDomain
import RedressStore

/// The background sweep that warns about time limits (API.md "Time limits"): every interval it
/// appends `complaint.sla_at_risk` when a limit passes its at-risk share of time, and
/// `complaint.sla_breached` when it is missed, once per complaint, alert and limit (and per
/// department for the department's limit), also across restarts; it reminds a customer who has
/// not replied (`complaint.reply_reminder`) and withdraws the complaint when they never do. Ended complaints are not swept; their standing is in their `sla` field. The same
/// timer deletes `Idempotency-Key` responses past their replay window.
final class SLASweep {
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
        try backend.casework.purgeExpiredReplays(now: backend.now)
    }

    /// One sweep at the service's current time under the settings in force
    /// (`Casework.sweepTimeLimits`); returns how many alerts it recorded.
    @discardableResult
    static func run(_ backend: Backend, complaintsPerWrite: Int = 200) throws -> Int {
        let settings = try backend.settings()
        return try backend.casework.sweepTimeLimits(
            settings: settings, timeLimits: try backend.timeLimits(settings: settings), now: backend.now,
            complaintsPerWrite: complaintsPerWrite)
    }
}
