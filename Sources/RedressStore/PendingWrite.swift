import SQLite

/// One queued write as the writer thread sees it, whatever its result type.
protocol PendingWrite: AnyObject, Sendable {
    /// Whether the write's batch has committed or failed; read and written only under the writer's lock.
    var isFinished: Bool { get set }
    /// Runs the write's body on the writer connection and keeps its result; false when the body threw.
    func perform(on connection: Connection) -> Bool
    /// Replaces the write's result with the failure of its whole batch.
    func fail(with error: any Error)
}

/// A write and, once performed, its result, handed from the caller's thread to the writer's and back.
///
/// `body` and `result` are touched by the writer thread until `isFinished` is set under the writer's lock,
/// and by the caller only after it has seen `isFinished` under that lock, which orders the accesses.
final class WriteTicket<T: Sendable>: PendingWrite, @unchecked Sendable {
    private var body: (@Sendable (Connection) throws -> T)?
    private(set) var result: Result<T, any Error>?
    var isFinished = false

    init(_ body: @escaping @Sendable (Connection) throws -> T) {
        self.body = body
    }

    func perform(on connection: Connection) -> Bool {
        let result = Result { try takeBody()(connection) }
        self.result = result
        if case .failure = result { return false }
        return true
    }

    func fail(with error: any Error) {
        body = nil
        result = .failure(error)
    }

    // The caller lends its non-escaping closure; dropping it before the caller is woken
    // is what makes that loan safe (withoutActuallyEscaping checks it was not kept).
    private func takeBody() -> @Sendable (Connection) throws -> T {
        defer { body = nil }
        guard let body else { preconditionFailure("a write was performed twice") }
        return body
    }
}
