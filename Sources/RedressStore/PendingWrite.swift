import Locking
import SQLite

/// One queued write as the writer thread sees it, whatever its result type.
protocol PendingWrite: AnyObject, Sendable {
    /// Runs the write's body on the writer connection and keeps its result; false when the body
    /// threw. A batch that is rolled back performs its writes again, so this may be called more
    /// than once before `finish()`, the last result standing.
    func perform(on connection: Connection) -> Bool
    /// Replaces the write's result with the failure of its whole batch.
    func fail(with error: any Error)
    /// Wakes the caller: the batch holding the write has committed or failed.
    func finish()
}

/// A write and, once performed, its result, handed from the caller's thread to the writer's and back.
///
/// `body` and `result` are touched by the writer thread before `finish()`, and by the caller only after
/// it has seen `isFinished` under the ticket's lock, which orders the accesses. Each ticket has its own
/// lock and condition so that finishing a batch wakes exactly its callers, not every waiting thread.
final class WriteTicket<T: Sendable>: PendingWrite, @unchecked Sendable {
    private var body: (@Sendable (Connection) throws -> T)?
    private var result: Result<T, any Error>?
    private let lock = Lock()
    private let finished = Condition()
    private var isFinished = false

    /// A ticket for `body`, not yet performed.
    init(_ body: @escaping @Sendable (Connection) throws -> T) {
        self.body = body
    }

    func perform(on connection: Connection) -> Bool {
        guard let body else { preconditionFailure("a write was performed after it finished") }
        let result = Result { try body(connection) }
        self.result = result
        if case .failure = result { return false }
        return true
    }

    func fail(with error: any Error) {
        result = .failure(error)
    }

    // The caller lends its non-escaping closure; dropping it before the caller is woken is what
    // makes that loan safe (withoutActuallyEscaping checks it was not kept).
    func finish() {
        body = nil
        lock.withLock {
            isFinished = true
            finished.signal()
        }
    }

    /// Blocks until `finish()`, then gives the write's result.
    func waitForResult() -> Result<T, any Error> {
        lock.withLock {
            while !isFinished { finished.wait(with: lock) }
        }
        guard let result else { preconditionFailure("a finished write has no result") }
        return result
    }
}
