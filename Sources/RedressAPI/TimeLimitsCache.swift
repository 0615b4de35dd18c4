import RedressDomain
import Synchronization

/// The time-limit policies in force with their calendars, validated once and then kept in memory,
/// since intake and every action that sets due dates need them. A change (policies, a calendar,
/// the settings their defaults come from) calls `invalidate`, and the next use loads them again.
final class TimeLimitsCache: Sendable {
    private struct State {
        var list: SLAPolicyList?
        /// Bumped by every invalidation, so that a load begun before one is not kept after it.
        var generation = 0
    }

    private let state = Mutex(State())

    /// A cache that loads on first use.
    init() {}

    /// The list in force, made with `load` when not cached.
    func current(load: () throws -> SLAPolicyList) throws -> SLAPolicyList {
        let (cached, generation) = state.withLock { ($0.list, $0.generation) }
        if let cached { return cached }
        let loaded = try load()
        state.withLock { if $0.generation == generation { $0.list = loaded } }
        return loaded
    }

    /// Forgets the list; the next use loads it again.
    func invalidate() {
        state.withLock {
            $0.list = nil
            $0.generation += 1
        }
    }
}
