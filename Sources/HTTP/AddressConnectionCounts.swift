import Synchronization

/// Open connections by peer address across every event loop, for the per-address cap. Only
/// addresses with a connection open have an entry, so the table stays as small as the set of
/// clients connected now.
final class AddressConnectionCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// An empty table.
    init() {}

    /// Counts one more connection from `address` and returns how many it has open now.
    func opened(_ address: String) -> Int {
        counts.withLock { counts in
            counts[address, default: 0] += 1
            return counts[address]!
        }
    }

    /// Counts one connection from `address` fewer.
    func closed(_ address: String) {
        counts.withLock { counts in
            guard let count = counts[address] else { return }
            counts[address] = count > 1 ? count - 1 : nil
        }
    }

    /// How many connections `address` has open.
    func count(of address: String) -> Int {
        counts.withLock { $0[address] ?? 0 }
    }
}
