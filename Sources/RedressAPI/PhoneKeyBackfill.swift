import RedressCasework
import RedressDomain
import RedressStore

/// Brings the phone keys of complaints registered before phone numbers were normalised to E.164
/// (schema version 8 and before), so that repeat detection and the `complainant` filter find them
/// by any way of writing the number. It runs in the background, `batch` complaints per write and
/// a write every `pause`, so intake goes on meanwhile; it records how far it got, resumes there
/// after a restart, and stops once every complaint is done.
final class PhoneKeyBackfill {
    private let thread: PeriodicThread

    /// Starts the backfill on a thread named `phone-keys`.
    init(backend: Backend, batch: Int = 200, every pause: Duration = .milliseconds(20)) {
        thread = PeriodicThread.untilDone(named: "phone-keys", every: pause) {
            do {
                return try Self.step(backend, batch: batch) > 0
            } catch {
                backend.runtime.log.write(
                    .warn, "normalising phone keys failed; retrying at the next start",
                    [("error", .string(String(describing: error)))])
                return false
            }
        }
    }

    /// Stops it, waiting for a write under way.
    func stop() {
        thread.stop()
    }

    /// One write of at most `batch` complaints; returns how many it looked at, 0 once all are done.
    @discardableResult
    static func step(_ backend: Backend, batch: Int) throws -> Int {
        try backend.casework.backfillPhoneKeys(settings: try backend.settings(), batch: batch)
    }
}
