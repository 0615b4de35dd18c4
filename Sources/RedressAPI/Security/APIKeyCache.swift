import Locking
import RedressStore

/// The records of the API keys requests present, kept in memory once read, so that checking a
/// request's key costs a hash and a dictionary lookup instead of a query.
///
/// The record is kept, not the verdict: every request's key is still hashed and compared with
/// the record's digest. Only unrevoked records are kept, and revoking through the API forgets
/// the key before the response goes out. A record is read again after `lifetime`, so a change
/// made to the database by other means (another process, an operator) holds within that time.
final class APIKeyCache: Sendable {
    /// The most records kept; the cache starts over when full (keys are few, so it never should).
    static let capacity = 10_000

    private struct Entry: Sendable {
        let record: APIKeyRecord
        let readAt: ContinuousClock.Instant
    }

    private struct State: Sendable {
        /// By lookup prefix.
        var entries: [String: Entry] = [:]
        /// Counts `forget` calls, so that a record read before one is not kept after it.
        var generation = 0
    }

    /// How long a record is trusted before it is read again.
    let lifetime: Duration
    private let state = ReadWriteLock(State())

    /// An empty cache whose records are read again after `lifetime` (10 s by default).
    init(lifetime: Duration = .seconds(10)) {
        self.lifetime = lifetime
    }

    /// The record with this lookup prefix: from memory while fresh, else from `read` (nil when no
    /// key has the prefix).
    func record(lookup: String, read: (String) throws -> APIKeyRecord?) throws -> APIKeyRecord? {
        let now = ContinuousClock.now
        let (entry, generation) = state.withReadLock { ($0.entries[lookup], $0.generation) }
        if let entry, now - entry.readAt < lifetime { return entry.record }
        let record = try read(lookup)
        state.withWriteLock { state in
            guard state.generation == generation else { return }
            if let record, record.revokedAt == nil {
                if state.entries.count >= Self.capacity { state.entries.removeAll() }
                state.entries[lookup] = Entry(record: record, readAt: now)
            } else {
                state.entries[lookup] = nil
            }
        }
        return record
    }

    /// Drops the record with this lookup prefix, and any being read meanwhile: call it once a
    /// change to the key has committed.
    func forget(lookup: String) {
        state.withWriteLock { state in
            state.entries[lookup] = nil
            state.generation += 1
        }
    }
}
