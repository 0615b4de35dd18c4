internal import CSystem
import Foundation
import Glibc
import HTTP
import JSON
import Locking
import RedressCasework
import RedressDomain
import RedressStore

/// Runs a parsed command: wires configuration, database, server and signals; holds no logic of its own.
public enum Launcher {
    /// Runs the command to its end and returns the process's exit status.
    public static func run(_ command: Command) -> Int32 {
        switch command {
        case .help(let text):
            print(text, terminator: "")
            return 0
        case .serve(let configuration):
            return serve(configuration)
        case .migrate(let configuration):
            return withLog(configuration) { log in
                let report = try Database.migrate(configuration: databaseConfiguration(configuration))
                log.write(
                    .info, "migrated",
                    [
                        ("database", .string(configuration.databasePath)),
                        ("applied", .array(report.applied.map { .int(Int64($0)) })),
                        ("schema_version", .int(Int64(report.current))),
                    ])
            }
        case .backup(let configuration, let destination):
            return withLog(configuration) { log in
                let database = try Database(configuration: databaseConfiguration(configuration))
                defer { database.close() }
                try database.backup(to: destination)
                log.write(
                    .info, "backed up",
                    [("database", .string(configuration.databasePath)), ("file", .string(destination))])
            }
        case .seed(let configuration, let count):
            return withLog(configuration) { log in
                let database = try Database(configuration: databaseConfiguration(configuration))
                defer { database.close() }
                let zone = ZoneRules.system(configuration.timeZone)!
                let casework = Casework(database: database, utcOffset: zone.offset(at:))
                let seeded = try casework.seed(count: count, settings: Settings.defaults, now: Clock.system.now())
                log.write(
                    .info, "seeded",
                    [("database", .string(configuration.databasePath)), ("complaints", .int(Int64(seeded)))])
            }
        case .createUser(let configuration, let email, let role, let name, let department):
            return createUser(configuration, email: email, role: role, name: name, department: department)
        case .createKey(let configuration, let name, let role):
            // The key alone goes to standard output, so that `KEY=$(redress create-key ...)` works.
            let log = Log(level: configuration.logLevel, descriptor: STDERR_FILENO)
            defer { log.flush() }
            do {
                let database = try Database(configuration: databaseConfiguration(configuration))
                defer { database.close() }
                let issued = try Casework(database: database).issueKey(
                    name: name, role: Role(rawValue: role)!,
                    now: Clock.system.now())
                print(issued.key)
                log.write(
                    .info, "created an API key",
                    [("id", .int(issued.record.id)), ("name", .string(name)), ("role", .string(role))])
                return 0
            } catch {
                log.write(.warn, "failed", [("error", .string(String(describing: error)))])
                return 1
            }
        }
    }

    /// `redress create-user`: the password is standard input's text (without its final line
    /// ending); when standard input is a terminal or empty, one is generated and printed alone on
    /// standard output, once, as `create-key` prints a key.
    private static func createUser(
        _ configuration: Configuration, email: String, role: String, name: String, department: String?
    ) -> Int32 {
        let log = Log(level: configuration.logLevel, descriptor: STDERR_FILENO)
        defer { log.flush() }
        var password = ""
        if isatty(STDIN_FILENO) == 0 {
            password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if password.hasSuffix("\n") { password.removeLast() }
            if password.hasSuffix("\r") { password.removeLast() }
        }
        let generated = password.isEmpty
        if generated { password = Password.generate() }
        if let problem = Password.problem(password) {
            log.write(.warn, "failed", [("error", .string("the password \(problem)"))])
            return 1
        }
        do {
            let database = try Database(configuration: databaseConfiguration(configuration))
            defer { database.close() }
            // Refused before the hash is made, which takes a while; the write checks again.
            if try database.read({ try $0.user(email: email) }) != nil {
                log.write(.warn, "failed", [("error", .string("A user with this e-mail address exists already."))])
                return 1
            }
            let hash = PasswordHash(of: password, iterations: configuration.passwordIterations)
            let user = try Casework(database: database).createUser(
                NewUser(email: email, displayName: name, role: Role(rawValue: role)!, department: department),
                passwordHash: hash, now: Clock.system.now())
            if generated { print(password) }
            log.write(
                .info, "created a user",
                [
                    ("id", .int(user.id)), ("role", .string(role)),
                    ("password", .string(generated ? "generated" : "standard input")),
                ])
            return 0
        } catch let refusal as Refusal {
            log.write(.warn, "failed", [("error", .string(refusal.detail))])
            return 1
        } catch {
            log.write(.warn, "failed", [("error", .string(String(describing: error)))])
            return 1
        }
    }

    /// Runs `body` with a log, turning a thrown error into a logged failure and exit status 1.
    private static func withLog(_ configuration: Configuration, _ body: (Log) throws -> Void) -> Int32 {
        let log = Log(level: configuration.logLevel)
        defer { log.flush() }
        do {
            try body(log)
            return 0
        } catch {
            log.write(.warn, "failed", [("error", .string(String(describing: error)))])
            return 1
        }
    }

    /// Descriptors kept back from connections: the listener, each event loop's epoll and eventfd,
    /// the writer's and every reader's database files (about 25 in all when idle), the log, the
    /// outbox's sending sockets (one per slot, at most 16), and what SQLite and the system
    /// libraries open now and then.
    static let reservedDescriptors = 64

    private static func serve(_ given: Configuration) -> Int32 {
        // SIGTERM and SIGINT are blocked before any thread starts, and every thread inherits the
        // mask: until the thread below takes them with sigwait, they wait as pending. Otherwise one
        // that came too early would kill the process without draining it, and one the kernel handed
        // to a thread that did not block it would be discarded there: the server would never stop.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        // glibc gives a thread that finds the other threads' malloc arenas busy one of its own, up to
        // eight per core, and each arena keeps what its threads freed. With the workers that is 16
        // arenas on two cores; as many as there are cores held 8-10 MiB less after load, at the same
        // speed (bench/RESULTS.md).
        _ = csystem_limit_malloc_arenas(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        let log = Log(level: given.logLevel)
        defer { log.flush() }
        let configuration = fitConnectionsToDescriptors(given, log: log)
        let database: Database
        do {
            database = try Database(configuration: databaseConfiguration(configuration))
        } catch {
            log.write(
                .warn, "cannot open the database",
                [
                    ("database", .string(configuration.databasePath)), ("error", .string(String(describing: error))),
                ])
            return 1
        }
        defer { database.close() }

        let runtime = Runtime(log: log, metrics: Metrics(), zone: ZoneRules.system(configuration.timeZone)!)
        do {
            try bootstrapAdminKey(configuration, database: database, log: log)
        } catch {
            log.write(.warn, "cannot create the admin key", [("error", .string(String(describing: error)))])
            return 1
        }
        let application = Application(database: database, configuration: configuration, runtime: runtime)
        let server = HTTPServer(
            configuration: httpConfiguration(configuration), responder: application,
            observer: ExchangeObserver(log: log, metrics: runtime.metrics)
        )
        do {
            try server.start()
        } catch {
            log.write(
                .warn, "cannot listen",
                [
                    ("host", .string(configuration.host)), ("port", .int(Int64(configuration.port))),
                    ("error", .string(String(describing: error))),
                ])
            return 1
        }
        runtime.attach(server)
        // The sweep and the log's flushes run on threads of their own, started before the server
        // says it listens: from then on, clients may take every descriptor the process may open.
        let sweep = SLASweep(backend: Backend(database: database, runtime: runtime))
        let phoneKeys = PhoneKeyBackfill(backend: Backend(database: database, runtime: runtime))
        let redating = SLARedating(backend: Backend(database: database, runtime: runtime))
        let flusher = PeriodicThread(named: "log-flush", every: .milliseconds(100)) { log.flush() }
        // sigwait needs no descriptor, unlike Dispatch's signal sources: their signalfd is opened
        // later on Dispatch's own thread, and a process out of descriptors then never learns of
        // the signal.
        let blocked = stopSignals
        startThread(named: "stop-signals") {
            var signals = blocked
            var number: Int32 = 0
            while sigwait(&signals, &number) != 0 {}
            runtime.beginDraining()
            log.write(.info, "shutting down", [("signal", .int(Int64(number)))])
            runtime.events.finish()
            server.shutdown(grace: .seconds(10))
        }
        log.announce(
            "listening",
            [
                ("url", .string("http://\(configuration.host):\(server.localPort)")),
                ("port", .int(Int64(server.localPort))),
                ("database", .string(configuration.databasePath)),
                ("max_connections", .int(Int64(configuration.maxConnections))),
                ("max_connections_per_address", .int(Int64(configuration.maxConnectionsPerAddress))),
            ])
        log.flush()

        server.waitUntilStopped()
        runtime.stopDeliveries()
        sweep.stop()
        phoneKeys.stop()
        redating.stop()
        flusher.stop()
        log.write(.info, "stopped")
        return 0
    }

    /// Raises the soft descriptor limit as far as `--max-connections` needs (up to the hard limit),
    /// and holds fewer connections than configured when even that is too few, with a warning: past
    /// its connection limit the server closes idle connections to make room, but past its descriptor
    /// limit it can only stop accepting until one closes, and the database could not open a file.
    private static func fitConnectionsToDescriptors(_ given: Configuration, log: Log) -> Configuration {
        let limit = DescriptorLimit.raise(toward: given.maxConnections + reservedDescriptors)
        var configuration = given
        configuration.maxConnections = min(given.maxConnections, max(1, limit - reservedDescriptors))
        if configuration.maxConnections < given.maxConnections {
            log.write(
                .warn, "too few descriptors for --max-connections; holding fewer connections",
                [
                    ("max_connections", .int(Int64(configuration.maxConnections))),
                    ("configured", .int(Int64(given.maxConnections))),
                    ("descriptor_limit", .int(Int64(limit))),
                    ("reserved", .int(Int64(reservedDescriptors))),
                ])
        }
        return configuration
    }

    /// On a database with no admin key (a new one, or one only seeded with demo data), creates the
    /// first admin key: `REDRESS_ADMIN_KEY`, or a new one printed once on standard error.
    private static func bootstrapAdminKey(_ configuration: Configuration, database: Database, log: Log) throws {
        let given = configuration.adminKey
        guard let created = try Casework(database: database).bootstrapAdminKey(given: given, now: Clock.system.now())
        else { return }
        if given == nil {
            FileHandle.standardError.write(
                Data(
                    """
                    Created the first admin API key. It is shown only this once; keep it somewhere safe:

                        \(created)

                    """.utf8))
        }
        log.write(
            .info, "created the admin key", [("source", .string(given == nil ? "generated" : "REDRESS_ADMIN_KEY"))])
    }

    private static func databaseConfiguration(_ configuration: Configuration) -> DatabaseConfiguration {
        var database = DatabaseConfiguration(path: configuration.databasePath)
        database.synchronous = configuration.synchronous == .full ? .full : .normal
        return database
    }

    private static func httpConfiguration(_ configuration: Configuration) -> HTTPServer.Configuration {
        var http = HTTPServer.Configuration()
        http.host = configuration.host
        http.port = configuration.port
        http.workerCount = configuration.workers
        http.maxBodyBytes = configuration.maxBodyBytes
        http.maxConnections = configuration.maxConnections
        http.maxConnectionsPerAddress = configuration.maxConnectionsPerAddress
        http.trustedProxies = configuration.trustedProxies
        http.headerTimeout = .seconds(configuration.headerTimeout)
        http.keepAliveTimeout = .seconds(configuration.keepAliveTimeout)
        return http
    }
}
