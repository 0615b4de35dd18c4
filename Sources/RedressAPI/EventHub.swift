import HTTP
import RedressStore
import Synchronization

/// Pushes the change feed to `GET /v1/events/stream` subscribers without a thread per subscriber.
///
/// A stream registers its writer and returns at once. From then on one thread (`event-hub`, which
/// exists only while there is work or someone listens) does all the work: after each write,
/// `publish()` has it read the newly committed events once and offer each, as one server-sent
/// event, to every subscriber that is up to date. `offer` never blocks, so a slow client never
/// holds the thread, and an idle one costs a dictionary entry.
///
/// Lagging subscribers: when a writer declines an event (its connection's buffer is above the
/// high-water mark), the hub buffers nothing more for it. It keeps only that one event and the
/// last one the writer took, offers the kept event again every `lagRetryInterval`, and once it
/// goes through, catches the subscriber up from the database before it rejoins the shared
/// fan-out. Memory stays at one event per subscriber; no event is lost, repeated or reordered.
/// A client that never reads stays lagging, at no further cost, until its connection closes.
///
/// One heartbeat timer, running only while there are subscribers, sends a `: heartbeat` comment
/// so that proxies keep idle streams open, and also reads events committed without a `publish()`
/// (by another process, such as `redress seed` beside a running server).
final class EventHub: @unchecked Sendable {
    /// How long a lagging subscriber waits before the event it declined is offered again.
    static let lagRetryInterval = Duration.milliseconds(250)
    /// How many events one database read takes.
    static let pageSize = 256
    /// How many pages one pass replays to one subscriber, so that a long replay takes turns with
    /// live events, new subscribers and heartbeats instead of holding the thread.
    static let pagesPerPass = 4

    private struct Subscriber {
        let writer: any ResponseBodyWriter
        /// The last event the writer took (or the one the client resumed after).
        var sentSeq: Int64
        /// The event the writer declined, with its frame, while it lags.
        var declined: (seq: Int64, frame: [UInt8])?
    }

    private let log: Log
    private let queue = SerialThread(named: "event-hub")
    // Read by `publish()` on any thread, so that a write with nobody listening costs one load.
    private let subscriberCount = Atomic<Int>(0)
    // Set while a pass is queued and has not started reading, so that a burst of writes makes one pass.
    private let passQueued = Atomic<Bool>(false)

    // Everything below belongs to `queue`'s jobs.
    private var database: Database?
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    /// The newest event the shared fan-out has read; nil while nobody listens.
    private var head: Int64?
    /// The timer of the next heartbeat, while anybody listens.
    private var heartbeat: Int?
    private var interval: Duration = .seconds(15)
    private var retryScheduled = false
    private var isFinished = false

    /// A hub with no database yet and nobody listening.
    init(log: Log) {
        self.log = log
    }

    /// The database whose events the hub sends; the application attaches it once.
    func attach(_ database: Database) {
        queue.sync { self.database = database }
    }

    /// The time between heartbeats: 15 seconds unless changed (tests shorten it).
    var heartbeatInterval: Duration {
        get { queue.sync { self.interval } }
        set {
            queue.sync {
                self.interval = newValue
                if let heartbeat = self.heartbeat {
                    self.queue.cancel(heartbeat)
                    self.scheduleHeartbeat()
                }
            }
        }
    }

    /// Tells the hub that a write has committed and may have appended events: call it after the
    /// write returns, never inside it, so that the events are there to read.
    func publish() {
        guard subscriberCount.load(ordering: .relaxed) > 0 else { return }
        queuePass()
    }

    /// Streams every event after `seq` to `writer`, first those already stored, then new ones as
    /// they commit, until the connection closes or the hub finishes. Returns at once.
    func subscribe(_ writer: any ResponseBodyWriter, after seq: Int64) {
        queue.async { [self] in
            guard !isFinished else { return writer.finish() }
            let id = nextID
            nextID += 1
            subscribers[id] = Subscriber(writer: writer, sentSeq: seq)
            subscriberCount.store(subscribers.count, ordering: .relaxed)
            startHeartbeat()
            writer.onClose { [weak self] in
                guard let self else { return }
                queue.async { self.remove(id) }
            }
            deliver()
        }
    }

    /// Ends every stream and takes no new subscribers: the service is shutting down.
    func finish() {
        let writers = queue.sync { [self] in
            isFinished = true
            defer { removeAll() }
            return subscribers.values.map(\.writer)
        }
        writers.forEach { $0.finish() }
    }

    private func queuePass() {
        guard !passQueued.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            passQueued.store(false, ordering: .releasing)
            deliver()
        }
    }

    private func remove(_ id: Int) {
        guard subscribers.removeValue(forKey: id) != nil else { return }
        subscriberCount.store(subscribers.count, ordering: .relaxed)
        if subscribers.isEmpty { removeAll() }
    }

    private func removeAll() {
        subscribers.removeAll()
        subscriberCount.store(0, ordering: .relaxed)
        if let heartbeat { queue.cancel(heartbeat) }
        heartbeat = nil
        head = nil
    }

    private func startHeartbeat() {
        guard heartbeat == nil else { return }
        scheduleHeartbeat()
    }

    private func scheduleHeartbeat() {
        heartbeat = queue.async(after: interval) { [weak self] in self?.beat() }
    }

    private func beat() {
        scheduleHeartbeat()
        let comment = Array(": heartbeat\n\n".utf8)
        // A declined heartbeat needs no retry: a full buffer means the stream is not idle.
        for subscriber in subscribers.values where subscriber.declined == nil {
            _ = subscriber.writer.offer(comment)
        }
        deliver()
    }

    /// One pass: the shared fan-out of newly committed events, then the catch-up of every
    /// subscriber behind it, from the database.
    private func deliver() {
        guard let database, !subscribers.isEmpty else { return }
        do {
            var start: Int64
            if let head { start = head } else { start = try database.read { try $0.latestEventSeq() } }
            while true {
                let from = start
                let events = try database.read { try $0.events(after: from, limit: Self.pageSize) }
                guard let last = events.last else { break }
                let frames = events.map { (seq: $0.seq, frame: EventRoutes.frame($0)) }
                for id in Array(subscribers.keys) where subscribers[id]!.sentSeq >= start {
                    send(frames, to: id)
                }
                start = last.seq
                if events.count < Self.pageSize { break }
            }
            head = start
            for id in Array(subscribers.keys) where subscribers[id]!.sentSeq < start {
                try catchUp(id, to: start, from: database)
            }
        } catch {
            log.write(.warn, "the event stream could not read events", [("error", .string(String(describing: error)))])
        }
        continueLater()
    }

    /// Offers the subscriber its declined event, then events from the database after the last one
    /// it took, until it reaches `head`, declines one or has had `pagesPerPass` pages.
    private func catchUp(_ id: Int, to head: Int64, from database: Database) throws {
        if let declined = subscribers[id]!.declined {
            guard send([declined], to: id) else { return }
        }
        for _ in 0..<Self.pagesPerPass where subscribers[id]!.sentSeq < head {
            let after = subscribers[id]!.sentSeq
            let events = try database.read { try $0.events(after: after, limit: Self.pageSize) }
            guard !events.isEmpty, send(events.map { (seq: $0.seq, frame: EventRoutes.frame($0)) }, to: id) else {
                return
            }
        }
    }

    /// Queues another pass at once for a replay cut short by its page budget, or one after
    /// `lagRetryInterval` for subscribers whose buffer was full.
    private func continueLater() {
        guard let head else { return }
        if subscribers.values.contains(where: { $0.declined == nil && $0.sentSeq < head }) {
            queuePass()
        } else {
            retryLaggingLater()
        }
    }

    /// Offers the frames after the subscriber's last event, in order, stopping at the first one
    /// declined, which is kept; whether all went through.
    @discardableResult
    private func send(_ frames: [(seq: Int64, frame: [UInt8])], to id: Int) -> Bool {
        var subscriber = subscribers[id]!
        defer { subscribers[id] = subscriber }
        subscriber.declined = nil
        for item in frames where item.seq > subscriber.sentSeq {
            guard subscriber.writer.offer(item.frame) else {
                subscriber.declined = item
                return false
            }
            subscriber.sentSeq = item.seq
        }
        return true
    }

    private func retryLaggingLater() {
        guard !retryScheduled, subscribers.values.contains(where: { $0.declined != nil }) else { return }
        retryScheduled = true
        queue.async(after: Self.lagRetryInterval) { [weak self] in
            guard let self else { return }
            retryScheduled = false
            deliver()
        }
    }
}
