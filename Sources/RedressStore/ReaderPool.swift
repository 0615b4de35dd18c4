import Locking
import SQLite

/// A fixed set of read-only connections, each lent to one thread at a time.
final class ReaderPool: @unchecked Sendable {
    // `idle` and `isClosed` are guarded by `lock`; a lent connection belongs to its borrower alone.
    private let lock = Lock()
    private let connectionReturned = Condition()
    private var idle: [Connection]
    private var isClosed = false

    /// Opens `configuration.readerCount` read-only connections.
    init(configuration: DatabaseConfiguration) throws {
        idle = try (0..<configuration.readerCount).map { _ in try configuration.openReader() }
    }

    /// Runs `body` with an idle connection, waiting for one when all are lent, or throwing
    /// `DatabaseError.readersBusy` then unless `waiting`.
    func withConnection<T>(waiting: Bool = true, _ body: (Connection) throws -> T) throws -> T {
        let connection = try lock.withLock {
            while waiting && idle.isEmpty && !isClosed { connectionReturned.wait(with: lock) }
            guard !isClosed else { throw DatabaseError.closed }
            guard let connection = idle.popLast() else { throw DatabaseError.readersBusy }
            return connection
        }
        defer {
            lock.withLock {
                if isClosed {
                    connection.close()
                } else {
                    idle.append(connection)
                    connectionReturned.signal()
                }
            }
        }
        return try body(connection)
    }

    /// Closes the idle connections now and lent ones when they come back; later borrowers get `DatabaseError.closed`.
    func close() {
        lock.withLock {
            isClosed = true
            for connection in idle { connection.close() }
            idle.removeAll()
            connectionReturned.broadcast()
        }
    }
}
