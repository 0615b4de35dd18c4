import RedressDomain

/// Recent failures per key (a case number, a client address) within a sliding window, in bounded
/// memory. Not thread-safe: `TrackingAttempts` guards it.
struct FailureLog {
    /// Failures a key may have within the window before it is refused.
    let limit: Int
    /// How long a failure counts, in seconds.
    let window: Int64
    /// The most keys kept; past it, expired keys go first, then the least recently failed.
    let capacity: Int
    // Each key's failures within the window, oldest first, never more than `limit`: once a key
    // reaches the limit it is refused before it can fail again.
    private var failures: [String: [Instant]] = [:]

    /// A log with these bounds, empty.
    init(limit: Int, window: Int64, capacity: Int) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// When `key` may try again, or nil when it may now: with `limit` failures in the window, the
    /// moment the oldest of them leaves it.
    func reopening(of key: String, now: Instant) -> Instant? {
        guard let times = failures[key] else { return nil }
        let recent = times.filter { counts($0, now: now) }
        guard recent.count >= limit else { return nil }
        return recent[recent.count - limit].adding(seconds: window)
    }

    /// The failures of `key` within the window at `now`, oldest first (at most `limit`).
    func recent(of key: String, now: Instant) -> [Instant] {
        failures[key]?.filter { counts($0, now: now) } ?? []
    }

    /// Records a failure of `key` at `now`.
    mutating func record(_ key: String, now: Instant) {
        var times = failures[key, default: []].filter { counts($0, now: now) }
        times.append(now)
        failures[key] = Array(times.suffix(limit))
        if failures.count > capacity { prune(now: now) }
    }

    /// How many keys are kept.
    var count: Int { failures.count }

    private func counts(_ failure: Instant, now: Instant) -> Bool {
        now.seconds - failure.seconds < window
    }

    // Runs only when the log is full, so its cost is shared by the many records that filled it.
    // Under a flood of live keys the quarter that failed least recently is forgotten, which frees
    // them early: the price of a memory bound.
    private mutating func prune(now: Instant) {
        failures = failures.filter { $0.value.contains { counts($0, now: now) } }
        guard failures.count > capacity else { return }
        let kept = failures.sorted { $0.value.last! > $1.value.last! }.prefix(capacity * 3 / 4)
        failures = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
