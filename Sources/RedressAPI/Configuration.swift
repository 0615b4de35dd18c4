import HTTP
import RedressCasework

/// Everything `redress serve` can be told, from flags and environment, each with its default.
public struct Configuration: Sendable, Equatable {
    /// The address to listen on (`--host`, `REDRESS_HOST`).
    public var host = "0.0.0.0"
    /// The port; 0 picks a free one and prints it (`--port`, `REDRESS_PORT`).
    public var port = 8080
    /// The SQLite database file, created with its folder when missing (`--db`, `REDRESS_DB`).
    public var databasePath = "./data/redress.sqlite"
    /// `full` makes every acknowledged write survive power loss; `normal` only a process crash
    /// (`--synchronous`, `REDRESS_SYNCHRONOUS`).
    public var synchronous = Synchronous.full
    /// How much the log says (`--log`, `REDRESS_LOG`).
    public var logLevel = LogLevel.info
    /// The time zone whose months case numbers count in (`--tz`, `REDRESS_TZ`; an IANA name).
    public var timeZone = "UTC"
    /// The key the first admin gets on a new database (`REDRESS_ADMIN_KEY`); generated when nil.
    public var adminKey: String?
    /// Origins allowed to call the API from a browser (`REDRESS_CORS_ORIGINS`, comma-separated; `*` for any).
    public var corsOrigins: [String] = []
    /// Threads that run request handlers, which may block on the database (`--workers`, `REDRESS_WORKERS`).
    public var workers = 64
    /// Largest request body accepted, in bytes (`--max-body-bytes`, `REDRESS_MAX_BODY_BYTES`).
    public var maxBodyBytes = 1 << 20
    /// Most connections open at once; past it the oldest idle ones are closed
    /// (`--max-connections`, `REDRESS_MAX_CONNECTIONS`). `serve` holds fewer when the
    /// descriptor limit allows fewer.
    public var maxConnections = 10_000
    /// Most connections open at once from one peer address; past it that address's oldest idle
    /// one is closed, or the new one refused (`--max-connections-per-address`,
    /// `REDRESS_MAX_CONNECTIONS_PER_ADDRESS`).
    public var maxConnectionsPerAddress = 256
    /// Load balancers and proxies, exempt from the per-address cap (`REDRESS_TRUSTED_PROXIES`,
    /// comma-separated IP addresses and CIDR networks).
    public var trustedProxies = TrustedProxies()
    /// Seconds a client has to send a whole header block (`--header-timeout`, `REDRESS_HEADER_TIMEOUT`).
    public var headerTimeout = 10
    /// Seconds an idle kept-alive connection stays open (`--keep-alive-timeout`, `REDRESS_KEEP_ALIVE_TIMEOUT`).
    public var keepAliveTimeout = 30
    /// Seconds a webhook receiver has to accept a delivery, from connecting to the end of its
    /// response (`--webhook-timeout`, `REDRESS_WEBHOOK_TIMEOUT`).
    public var webhookTimeout = 10
    /// Hours a webhook delivery is retried before it is given up (`--webhook-retry-hours`,
    /// `REDRESS_WEBHOOK_RETRY_HOURS`).
    public var webhookRetryHours = 24
    /// Deliveries sent at once, each to a different subscription (`--outbox-slots`, `REDRESS_OUTBOX_SLOTS`).
    public var outboxSlots = 4
    /// Whether webhooks may reach loopback, private and link-local addresses
    /// (`REDRESS_WEBHOOK_ALLOW_PRIVATE`; refused by default).
    public var webhookAllowPrivate = false
    /// A PEM file of certificate authorities that webhook receivers' certificates may chain to,
    /// besides the system's (`REDRESS_WEBHOOK_CA_FILE`).
    public var webhookCAFile: String?
    /// Minutes without use after which a staff session ends (`REDRESS_SESSION_IDLE_MINUTES`).
    public var sessionIdleMinutes = 480
    /// Hours after sign-in at which a staff session ends however it is used (`REDRESS_SESSION_MAX_HOURS`).
    public var sessionMaxHours = 168
    /// Whether the session cookie is marked `Secure` (`REDRESS_COOKIE_SECURE=1`), for a server
    /// reached over HTTPS through a proxy.
    public var cookieSecure = false
    /// Origins besides the server's own from which a browser may send state-changing requests with
    /// a session (`REDRESS_ORIGINS`, comma-separated).
    public var origins: [String] = []
    /// The PBKDF2 iterations of new password hashes. Not a setting: tests lower it, since a debug
    /// build takes seconds for the real count.
    public var passwordIterations = PasswordHash.defaultIterations

    /// The durability of a commit, as SQLite's `PRAGMA synchronous`.
    public enum Synchronous: String, Sendable, CaseIterable {
        case full, normal
    }

    /// The log's verbosity: `warn` drops access lines, `debug` adds detail.
    public enum LogLevel: String, Sendable, CaseIterable, Comparable {
        case debug, info, warn

        public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The defaults.
    public init() {}
}
