import Locking
import RedressCasework
import RedressStore

/// The records of the API keys requests present, kept in memory once read, so that checking a
/// request's key costs a dictionary lookup and a comparison instead of a query and a digest.
///
/// A key is proven against its record's SHA-256 digest the first time it is presented; the entry
/// then keeps the key that proved it, and later requests compare theirs with it in constant time.
/// A different key with the same lookup prefix is hashed and compared with the digest as before.
/// Only unrevoked records are kept, and revoking through the API forgets the key before the
/// response goes out. A record is read again after `lifetime`, so a change made to the database
/// by other means (another process, an operator) holds within that time.
final class APIKeyCache: Sendable {
    /// The most records kept; the cache starts over when full (keys are few, so it never should).
    static let capacity = 10_000

    private struct Entry: Sendable {
        let record: APIKeyRecord
        let readAt: ContinuousClock.Instant
        /// The key that matched the record's digest, once one has.
        var provenBy: String?
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

    /// The record `key` proves: the one with its lookup prefix whose digest is the key's, from
    /// memory while fresh, else from `read`. Nil when no record has the prefix or the key does not
    /// match it. The record may be revoked; the caller decides what that means.
    func record(provenBy key: String, read: (String) throws -> APIKeyRecord?) throws -> APIKeyRecord? {
        let lookup = APIKey.lookup(of: key)
        let now = ContinuousClock.now
        let (cached, generation) = state.withReadLock { ($0.entries[lookup], $0.generation) }
        if let cached, now - cached.readAt < lifetime {
            if let proven = cached.provenBy, Secret.constantTimeEqual(proven, key) { return cached.record }
            guard APIKey.proves(key, cached.record) else { return nil }
            keep(Entry(record: cached.record, readAt: cached.readAt, provenBy: key), as: lookup, from: generation)
            return cached.record
        }
        guard let record = try read(lookup) else {
            keep(nil, as: lookup, from: generation)
            return nil
        }
        let proven = APIKey.proves(key, record)
        keep(
            record.revokedAt == nil ? Entry(record: record, readAt: now, provenBy: proven ? key : nil) : nil,
            as: lookup, from: generation)
        return proven ? record : nil
    }

    /// Drops the record with this lookup prefix, and any being read meanwhile: call it once a
    /// change to the key has committed.
    func forget(lookup: String) {
        state.withWriteLock { state in
            state.entries[lookup] = nil
            state.generation += 1
        }
    }

    /// Stores (or, for nil, drops) the entry, unless a `forget` came after `generation` was read.
    private func keep(_ entry: Entry?, as lookup: String, from generation: Int) {
        state.withWriteLock { state in
            guard state.generation == generation else { return }
            if entry != nil, state.entries[lookup] == nil, state.entries.count >= Self.capacity {
                state.entries.removeAll()
            }
            state.entries[lookup] = entry
        }
    }
}
