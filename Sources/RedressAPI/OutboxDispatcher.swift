import JSON
import Locking
import Outbound
import RedressCasework
import RedressDomain
import RedressStore

/// The background dispatcher of the outbox: a thread named `outbox` reads due deliveries in
/// batches and hands them to a small pool of sending threads (`outbox-send`), at most one
/// delivery per subscription at a time, so a receiver that never answers holds one slot for at
/// most the client's timeout while the others deliver. Each attempt is recorded with what
/// follows from it (`Casework.recordAttempt`); a failed one is logged.
///
/// Order: a subscription's deliveries go out one at a time, the earliest due first (among equals,
/// in the order their events were recorded), so a receiver that acknowledges each sees events in
/// the order they happened. A failed delivery waits for its retry while later ones go on, so
/// after a failure events can arrive out of order, and any delivery can arrive twice
/// (at-least-once): receivers order by the event's `seq` and drop repeats by `Redress-Delivery`.
///
/// Nothing of the dispatcher's state needs saving: a delivery stays pending in the database until
/// an attempt is recorded, so after a crash or restart it is simply due again.
final class OutboxDispatcher: @unchecked Sendable {
    /// How the dispatcher sends and retries.
    struct Settings: Sendable {
        var slots = 4
        var client = OutboundClient()
        var policy = RetryPolicy()
        /// How often the database is read for due deliveries when nothing wakes the dispatcher.
        var pollInterval: Duration = .seconds(1)
        /// How long deliveries no longer pending are kept, for their history.
        var retention: Int64 = 30 * 86_400
    }

    private let lock = Lock()
    /// Signalled when the dispatcher should read again: woken, a slot freed, or stopping.
    private let changed = Condition()
    /// Signalled when a delivery waits for a sending thread.
    private let workAvailable = Condition()
    // Guarded by `lock`.
    private var busy: Set<Int64> = []
    private var work: [DueDelivery] = []
    private var sendingThreads = 0
    private var idleSendingThreads = 0
    private var woken = false
    private var stopping = false
    private var thread: SystemThread?
    private var settings = Settings()
    private var backend: Backend?
    private var lastPurge: Instant?
    /// Attempts by outcome, and deliveries finished by outcome, since the process started.
    private var attemptCounts: [String: Int] = [:]
    private var finishedCounts: [String: Int] = [:]

    /// A dispatcher not yet started.
    init() {}

    /// Starts the `outbox` thread over `backend`; later calls do nothing.
    func start(backend: Backend, settings: Settings) {
        lock.withLock {
            guard thread == nil, !stopping else { return }
            self.backend = backend
            self.settings = settings
            thread = SystemThread.start(named: "outbox") { [self] in run() }
        }
    }

    /// Makes the dispatcher read due deliveries now: some were queued, or the clock moved.
    func wake() {
        lock.withLock {
            woken = true
            changed.signal()
        }
    }

    /// Stops reading and waits for the `outbox` thread; sending threads finish the attempt they
    /// are making (at most the timeout) and end. A delivery whose attempt is not recorded stays
    /// pending and goes again after the next start.
    func stop() {
        let started = lock.withLock {
            stopping = true
            changed.signal()
            workAvailable.broadcast()
            return thread
        }
        started?.join()
    }

    /// Attempts made since start, by outcome (`delivered`, `failed`, `gone`), and deliveries
    /// finished, by outcome (`delivered`, `failed`).
    var counts: (attempts: [String: Int], finished: [String: Int]) {
        lock.withLock { (attemptCounts, finishedCounts) }
    }

    private func run() {
        while let (backend, settings, busy) = nextRound() {
            let free = settings.slots - busy.count
            if free > 0 {
                do {
                    let now = backend.now
                    let due = try backend.read { try $0.dueDeliveries(at: now, excluding: busy, limit: free) }
                    hand(due, settings: settings)
                } catch {
                    backend.runtime.log.write(
                        .warn, "the outbox could not be read", [("error", .string(String(describing: error)))])
                }
            }
            purgeIfDue(backend, settings: settings)
        }
    }

    /// Waits until woken or the poll interval passed; nil once stopping.
    private func nextRound() -> (Backend, Settings, Set<Int64>)? {
        lock.withLock {
            if !woken && !stopping { changed.wait(with: lock, timeout: settings.pollInterval) }
            woken = false
            guard !stopping, let backend else { return nil }
            return (backend, settings, busy)
        }
    }

    /// Gives each due delivery to a sending thread, starting one while fewer run than slots.
    private func hand(_ due: [DueDelivery], settings: Settings) {
        lock.withLock {
            for delivery in due {
                guard let webhook = delivery.delivery.webhookID, !busy.contains(webhook) else { continue }
                busy.insert(webhook)
                work.append(delivery)
                if idleSendingThreads > 0 {
                    workAvailable.signal()
                } else if sendingThreads < settings.slots {
                    sendingThreads += 1
                    startThread(named: "outbox-send") { [self] in send() }
                }
            }
        }
    }

    /// A sending thread: takes deliveries as they come, until stopping.
    private func send() {
        while let (delivery, backend, settings) = nextDelivery() {
            attempt(delivery, backend: backend, settings: settings)
            lock.withLock {
                if let webhook = delivery.delivery.webhookID { busy.remove(webhook) }
                woken = true
                changed.signal()
            }
        }
    }

    private func nextDelivery() -> (DueDelivery, Backend, Settings)? {
        lock.withLock {
            while work.isEmpty && !stopping {
                idleSendingThreads += 1
                workAvailable.wait(with: lock)
                idleSendingThreads -= 1
            }
            guard !stopping, let backend else {
                sendingThreads -= 1
                return nil
            }
            return (work.removeFirst(), backend, settings)
        }
    }

    /// Sends one delivery, records the attempt and what follows, counts and logs it.
    private func attempt(_ due: DueDelivery, backend: Backend, settings: Settings) {
        let started = ContinuousClock.now
        let exchange = Self.exchange(due, backend: backend, client: settings.client)
        let elapsed = started.duration(to: .now)
        let milliseconds = Int(
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let verdict = AttemptVerdict(status: exchange.status)
        let log = backend.runtime.log
        do {
            guard
                let record = try backend.casework.recordAttempt(
                    at: due, verdict: verdict, status: exchange.status, error: exchange.error,
                    milliseconds: milliseconds, now: backend.now, policy: settings.policy,
                    jitter: Double.random(in: 0...1))
            else { return }
            let outcome =
                switch verdict {
                case .delivered: "delivered"
                case .gone: "gone"
                case .failed: "failed"
                }
            lock.withLock {
                attemptCounts[outcome, default: 0] += 1
                if record.state != .pending { finishedCounts[record.state.rawValue, default: 0] += 1 }
            }
            if verdict != .delivered {
                log.write(
                    .warn, "webhook delivery attempt failed",
                    [
                        ("delivery", .int(due.delivery.id)), ("webhook", .int(due.delivery.webhookID ?? 0)),
                        ("event_type", .string(due.delivery.eventType)),
                        ("attempt", .int(Int64(due.delivery.attempts + 1))),
                        ("status", exchange.status.map { .int(Int64($0)) } ?? .null),
                        ("error", exchange.error.map(JSONValue.string) ?? .null),
                        ("duration_ms", .int(Int64(milliseconds))),
                        ("next_attempt_at", record.nextAttemptAt.map { .string($0.rfc3339) } ?? .null),
                        ("disabled", record.disabled.map(JSONValue.string) ?? .null),
                    ])
            }
        } catch {
            log.write(
                .warn, "a delivery attempt could not be recorded; it will be made again",
                [("delivery", .int(due.delivery.id)), ("error", .string(String(describing: error)))])
        }
    }

    /// The request for `due`, sent: the receiver's status, or why there is none (or why a status
    /// is a failure, for a redirect).
    static func exchange(_ due: DueDelivery, backend: Backend, client: OutboundClient) -> (status: Int?, error: String?)
    {
        let body: [UInt8]
        if let payload = due.payload {
            body = payload
        } else if let event = due.event {
            var json = JSONWriter(capacity: 512)
            EventJSON.write(event, withComplaint: true, into: &json)
            body = json.bytes
        } else {
            return (nil, "the event this delivery carries no longer exists")
        }
        guard let key = try? backend.database.serverKey.bytes(),
            let secret = WebhookSecret.open(due.sealedSecret, serverKey: key)
        else {
            return (nil, "the webhook's secret cannot be opened with this server's key")
        }
        let url: OutboundURL
        do {
            url = try OutboundURL(parsing: due.url)
        } catch {
            return (nil, "the webhook's URL \(error)")
        }
        let timestamp = backend.now.seconds
        do {
            let response = try client.post(
                url,
                fields: [
                    ("Content-Type", "application/json"), ("Redress-Event", due.delivery.eventType),
                    ("Redress-Delivery", String(due.delivery.id)),
                    ("Redress-Signature", WebhookSecret.signature(secret: secret, timestamp: timestamp, body: body)),
                ], body: body)
            if (300...399).contains(response.status) {
                return (
                    response.status,
                    "redirect not followed" + (response.head.field("Location").map { " (to \($0))" } ?? "")
                )
            }
            return (response.status, nil)
        } catch {
            return (nil, error.description)
        }
    }

    /// Once an hour, deletes deliveries no longer pending past the retention.
    private func purgeIfDue(_ backend: Backend, settings: Settings) {
        let now = backend.now
        let due = lock.withLock {
            // The first round only starts the count: a start is no time for extra writes.
            guard let last = lastPurge, now.seconds - last.seconds < 3600 else {
                defer { lastPurge = now }
                return lastPurge != nil
            }
            return false
        }
        guard due else { return }
        do {
            let purged = try backend.casework.purgeDeliveries(createdBefore: now.adding(seconds: -settings.retention))
            if purged > 0 {
                backend.runtime.log.write(.info, "purged old deliveries", [("deliveries", .int(Int64(purged)))])
            }
        } catch {
            backend.runtime.log.write(
                .warn, "purging old deliveries failed", [("error", .string(String(describing: error)))])
        }
    }
}
