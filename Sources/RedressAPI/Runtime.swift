import HTTP
import RedressDomain
import Synchronization

/// The running service beyond its database: log, metrics, clock, time zone, the caches of settings,
/// priority rules and keys, the event hub, and the server once it listens; what the handlers need to know of it.
public final class Runtime: Sendable {
    /// The service's log.
    public let log: Log
    /// Request counters and latencies.
    public let metrics: Metrics
    /// The time source for every rule that depends on the time.
    public let clock: Clock
    /// The zone (`REDRESS_TZ`) whose months case numbers count in, and whose days, weeks and
    /// months the reports count in.
    public let zone: ZoneRules
    /// The settings in force, kept in memory.
    let settings = SettingsCache<Settings>()
    /// The priority rules in force, kept in memory.
    let priorityRules = SettingsCache<PriorityRuleBook>()
    /// The time-limit policies and calendars in force, kept in memory.
    let timeLimits = SettingsCache<SLAPolicyList>()
    /// The API keys' records, kept in memory.
    let keys = APIKeyCache()
    /// The change feed's live subscribers.
    let events: EventHub
    /// The outbox's dispatcher, started by the application.
    let outbox = OutboxDispatcher()
    private let draining = Atomic<Bool>(false)
    /// Bumped whenever re-dating may have work (`SLARedating`); it starts at 1, so that a
    /// re-dating a restart interrupted resumes.
    private let redatingRequests = Atomic<Int>(1)
    private let server = Mutex<HTTPServer?>(nil)

    /// The runtime of a service that is not yet listening.
    public init(log: Log, metrics: Metrics, clock: Clock = .system, zone: ZoneRules = .utc) {
        self.log = log
        self.metrics = metrics
        self.clock = clock
        self.zone = zone
        events = EventHub(log: log)
    }

    /// The offset from UTC of the configured time zone at `instant`, in seconds.
    func utcOffset(at instant: Instant) -> Int {
        zone.offset(at: instant)
    }

    /// Whether shutdown has begun; `/readyz` answers 503 from then on.
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Tells the re-dating thread that a change may have given it work.
    func requestRedating() { redatingRequests.add(1, ordering: .releasing) }

    /// The count of requests so far: the re-dating thread works until it has seen the latest.
    var redatingRequestCount: Int { redatingRequests.load(ordering: .acquiring) }

    /// Marks the service as shutting down.
    public func beginDraining() { draining.store(true, ordering: .relaxed) }

    /// Connections the server has open, 0 before it listens.
    public var openConnections: Int { server.withLock { $0?.openConnections ?? 0 } }

    /// Stops the outbox's dispatcher, before the database closes.
    public func stopDeliveries() { outbox.stop() }

    /// Records the server once it exists, for its connection count.
    public func attach(_ server: HTTPServer) { self.server.withLock { $0 = server } }
}
