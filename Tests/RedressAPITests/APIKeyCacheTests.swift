import Foundation
import Testing
import RedressDomain
import RedressStore
@testable import RedressAPI

/// The in-memory copy of key records: when it reads the database again, and what it never keeps.
@Suite struct APIKeyCacheTests {
    /// A stand-in for the database: counts reads and answers with `record`.
    final class Store: @unchecked Sendable {
        var reads = 0
        var record: APIKeyRecord?

        init(revoked: Bool = false) {
            record = APIKeyRecord(id: 7, name: "call centre", role: .agent, lookup: "rk_abcdefghi", digest: [1, 2, 3],
                                  createdAt: Instant(seconds: 0), revokedAt: revoked ? Instant(seconds: 1) : nil)
        }

        func read(_ lookup: String) -> APIKeyRecord? {
            reads += 1
            return lookup == record?.lookup ? record : nil
        }
    }

    @Test func aRecordIsReadOnceWhileFreshAndAgainAfterItsLifetime() throws {
        let cache = APIKeyCache(lifetime: .milliseconds(200))
        let store = Store()
        for _ in 0..<3 { #expect(try cache.record(lookup: "rk_abcdefghi", read: store.read)?.id == 7) }
        #expect(store.reads == 1)
        // Changed by other means (another process revoked it): seen once the copy has expired.
        store.record?.revokedAt = Instant(seconds: 2)
        #expect(try cache.record(lookup: "rk_abcdefghi", read: store.read)?.revokedAt == nil)
        usleep(250_000)
        #expect(try cache.record(lookup: "rk_abcdefghi", read: store.read)?.revokedAt != nil)
        #expect(store.reads == 2)
    }

    @Test func unknownAndRevokedKeysAreNeverKept() throws {
        let cache = APIKeyCache()
        let revoked = Store(revoked: true)
        for _ in 0..<2 { #expect(try cache.record(lookup: "rk_abcdefghi", read: revoked.read)?.revokedAt != nil) }
        for _ in 0..<2 { #expect(try cache.record(lookup: "rk_nosuchkey", read: revoked.read) == nil) }
        #expect(revoked.reads == 4)
    }

    @Test func forgettingDropsTheRecordAndOneBeingReadMeanwhile() throws {
        let cache = APIKeyCache()
        let store = Store()
        _ = try cache.record(lookup: "rk_abcdefghi", read: store.read)
        cache.forget(lookup: "rk_abcdefghi")
        _ = try cache.record(lookup: "rk_abcdefghi", read: store.read)
        #expect(store.reads == 2)
        // A revocation commits while a request is reading the record it changes: the copy read
        // before it must not be kept.
        cache.forget(lookup: "rk_abcdefghi")
        _ = try cache.record(lookup: "rk_abcdefghi") { lookup in
            let stale = store.read(lookup)
            cache.forget(lookup: lookup)
            return stale
        }
        _ = try cache.record(lookup: "rk_abcdefghi", read: store.read)
        #expect(store.reads == 4)
    }
}
