import Foundation
import Testing
import RedressDomain
import RedressStore
@testable import RedressAPI
import RedressCasework

/// The in-memory copy of key records: when it reads the database again, what it never keeps, and
/// which keys it lets through.
@Suite struct APIKeyCacheTests {
    static let key = "rk_abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNP"
    /// Same lookup prefix, different key.
    static let impostor = "rk_abcdefghiXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"

    /// A stand-in for the database: counts reads and answers with `record`.
    final class Store: @unchecked Sendable {
        var reads = 0
        var record: APIKeyRecord?

        init(revoked: Bool = false) {
            record = APIKeyRecord(
                id: 7, name: "call centre", role: .agent, lookup: "rk_abcdefghi",
                digest: APIKey.digest(of: APIKeyCacheTests.key),
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
        for _ in 0..<3 { #expect(try cache.record(provenBy: Self.key, read: store.read)?.id == 7) }
        #expect(store.reads == 1)
        // Changed by other means (another process revoked it): seen once the copy has expired.
        store.record?.revokedAt = Instant(seconds: 2)
        #expect(try cache.record(provenBy: Self.key, read: store.read)?.revokedAt == nil)
        usleep(250_000)
        #expect(try cache.record(provenBy: Self.key, read: store.read)?.revokedAt != nil)
        #expect(store.reads == 2)
    }

    @Test func unknownAndRevokedKeysAreNeverKept() throws {
        let cache = APIKeyCache()
        let revoked = Store(revoked: true)
        for _ in 0..<2 { #expect(try cache.record(provenBy: Self.key, read: revoked.read)?.revokedAt != nil) }
        for _ in 0..<2 {
            #expect(try cache.record(provenBy: "rk_nosuchkeyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", read: revoked.read) == nil)
        }
        #expect(revoked.reads == 4)
    }

    @Test func forgettingDropsTheRecordAndOneBeingReadMeanwhile() throws {
        let cache = APIKeyCache()
        let store = Store()
        _ = try cache.record(provenBy: Self.key, read: store.read)
        cache.forget(lookup: "rk_abcdefghi")
        _ = try cache.record(provenBy: Self.key, read: store.read)
        #expect(store.reads == 2)
        // A revocation commits while a request is reading the record it changes: the copy read
        // before it must not be kept.
        cache.forget(lookup: "rk_abcdefghi")
        _ = try cache.record(provenBy: Self.key) { lookup in
            let stale = store.read(lookup)
            cache.forget(lookup: lookup)
            return stale
        }
        _ = try cache.record(provenBy: Self.key, read: store.read)
        #expect(store.reads == 4)
    }

    @Test func onlyTheKeyWhoseDigestMatchesIsLetThrough() throws {
        let cache = APIKeyCache()
        let store = Store()
        // Before and after the right key is kept, a key sharing its prefix is refused; the first
        // one fills the entry, and the right key still passes after it.
        #expect(try cache.record(provenBy: Self.impostor, read: store.read) == nil)
        #expect(try cache.record(provenBy: Self.key, read: store.read)?.id == 7)
        #expect(try cache.record(provenBy: Self.impostor, read: store.read) == nil)
        #expect(try cache.record(provenBy: String(Self.key.dropLast()), read: store.read) == nil)
        #expect(try cache.record(provenBy: Self.key + "Q", read: store.read) == nil)
        #expect(try cache.record(provenBy: Self.key, read: store.read)?.id == 7)
        #expect(store.reads == 1)
    }
}
