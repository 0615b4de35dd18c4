import RedressCasework
import RedressDomain
import RedressStore
import Synchronization

/// Re-dates open complaints in the background after a change of the time-limit policies, a
/// calendar, or the settings the default policies and the at-risk share come from (issue 19,
/// point 6): `batch` complaints per write and a write every `pause`, so that intake and the other
/// writes go on in between; it records how far it got in the database (`Casework.redateStep`),
/// resumes there after a restart, and `GET /v1/sla-policies` says how many are still to re-date.
/// Idle, it only reads a counter the changes bump (`Runtime.requestRedating`).
final class SLARedating {
    private let thread: PeriodicThread

    /// Starts the thread, named `sla-redate`.
    init(backend: Backend, batch: Int = 200, every pause: Duration = .milliseconds(20)) {
        let handled = Mutex(0)
        thread = PeriodicThread(named: "sla-redate", every: pause) {
            let requested = backend.runtime.redatingRequestCount
            guard handled.withLock({ $0 }) != requested else { return }
            do {
                if try Self.step(backend, batch: batch) == nil { handled.withLock { $0 = requested } }
            } catch {
                backend.runtime.log.write(
                    .warn, "re-dating open complaints failed; retrying", [("error", .string(String(describing: error)))]
                )
            }
        }
    }

    /// Stops it, waiting for a write under way.
    func stop() {
        thread.stop()
    }

    /// One write of at most `batch` complaints under the policies in force; how many it looked
    /// at, nil when there is nothing to re-date.
    @discardableResult
    static func step(_ backend: Backend, batch: Int = 200) throws -> Int? {
        let settings = try backend.settings()
        return try backend.casework.redateStep(timeLimits: try backend.timeLimits(settings: settings), batch: batch)
    }
}
