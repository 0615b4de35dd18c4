import Foundation
import HTTP
import RedressCasework
import RedressDomain

extension Command {
    /// The usage text printed by `--help` and after a usage error.
    public static let usage = """
        Usage: redress [command] [options]

        Commands:
          serve                       Serve the API (the default)
          migrate                     Apply pending database migrations and exit
          backup <file>               Copy the live database to <file>, consistently, while it serves
          create-key --name N --role R
                                      Create an API key (intake, agent, supervisor, admin); printed once
          create-user --email E --role R [--name N] [--department D]
                                      Create a staff user (agent, supervisor, admin); the password is
                                      read from standard input, or generated and printed once when
                                      standard input is a terminal or empty
          seed [--count N]            Add N realistic demo complaints (default 1000) received over the past year

        Options (flags win over the environment variable named beside them):
          --host ADDRESS              Listen address              REDRESS_HOST      (0.0.0.0)
          --port N                    Port, 0 picks a free one    REDRESS_PORT      (8080)
          --db PATH                   SQLite database file        REDRESS_DB        (./data/redress.sqlite)
          --synchronous full|normal   Commit durability           REDRESS_SYNCHRONOUS (full)
          --log debug|info|warn       Log verbosity               REDRESS_LOG       (info)
          --tz ZONE                   Time zone of case numbers   REDRESS_TZ        (UTC)
          --workers N                 Request handler threads     REDRESS_WORKERS   (64)
          --max-body-bytes N          Largest request body        REDRESS_MAX_BODY_BYTES (1048576)
          --max-connections N         Most open connections       REDRESS_MAX_CONNECTIONS (10000)
          --max-connections-per-address N
                                      Most from one address       REDRESS_MAX_CONNECTIONS_PER_ADDRESS (256)
          --header-timeout SECONDS    Time to send the headers    REDRESS_HEADER_TIMEOUT (10)
          --keep-alive-timeout SECONDS  Idle keep-alive time      REDRESS_KEEP_ALIVE_TIMEOUT (30)
          --webhook-timeout SECONDS   A receiver's time to answer REDRESS_WEBHOOK_TIMEOUT (10)
          --webhook-retry-hours N     Hours a delivery is retried REDRESS_WEBHOOK_RETRY_HOURS (24)
          --outbox-slots N            Deliveries sent at once     REDRESS_OUTBOX_SLOTS (4)
          -h, --help                  Show this text
        Environment only:
          REDRESS_ADMIN_KEY           The admin key created on a new database (else one is generated)
          REDRESS_CORS_ORIGINS        Comma-separated browser origins allowed to call the API, or *
          REDRESS_TRUSTED_PROXIES     Comma-separated proxy addresses and CIDR networks, not capped per address
          REDRESS_WEBHOOK_ALLOW_PRIVATE  true lets webhooks reach loopback, private and link-local addresses
          REDRESS_WEBHOOK_CA_FILE     PEM certificate authorities trusted for https receivers, besides the system's
          REDRESS_ORIGINS             Comma-separated origins, besides the server's own, that may send
                                      state-changing requests with a staff session
          REDRESS_COOKIE_SECURE       1 to mark the session cookie Secure (served over HTTPS by a proxy)
          REDRESS_SESSION_IDLE_MINUTES  Minutes unused after which a session ends (480)
          REDRESS_SESSION_MAX_HOURS   Hours after sign-in at which a session ends (168)

        """

    /// Reads a command line (without the program name) and the environment; flags win.
    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Command {
        var configuration = Configuration()
        for option in Option.allCases {
            if let value = environment[option.environmentName] {
                try option.apply(value, to: &configuration, source: option.environmentName)
            }
        }
        if let key = environment["REDRESS_ADMIN_KEY"], !key.isEmpty {
            guard key.count >= APIKey.minimumLength, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw UsageError(
                    "REDRESS_ADMIN_KEY must be at least \(APIKey.minimumLength) printable ASCII characters without spaces"
                )
            }
            configuration.adminKey = key
        }
        if let proxies = environment["REDRESS_TRUSTED_PROXIES"] {
            do {
                configuration.trustedProxies = try TrustedProxies(parsing: proxies)
            } catch {
                throw UsageError("REDRESS_TRUSTED_PROXIES: \(error)")
            }
        }
        if let allow = environment["REDRESS_WEBHOOK_ALLOW_PRIVATE"] {
            switch allow.lowercased() {
            case "1", "true", "yes": configuration.webhookAllowPrivate = true
            case "", "0", "false", "no": configuration.webhookAllowPrivate = false
            default: throw UsageError("REDRESS_WEBHOOK_ALLOW_PRIVATE must be true or false, not '\(allow)'")
            }
        }
        if let file = environment["REDRESS_WEBHOOK_CA_FILE"], !file.isEmpty {
            configuration.webhookCAFile = file
        }
        if let origins = environment["REDRESS_ORIGINS"] {
            configuration.origins = try origins.split(separator: ",").map { String($0.trimmingWhitespace) }.filter {
                !$0.isEmpty
            }.map { origin throws(UsageError) in
                guard origin.hasPrefix("http://") || origin.hasPrefix("https://"),
                    !origin.dropFirst(8).contains("/")
                else {
                    throw UsageError(
                        "REDRESS_ORIGINS: '\(origin)' is not an origin such as https://console.example.com")
                }
                return origin.lowercased()
            }
        }
        if let secure = environment["REDRESS_COOKIE_SECURE"] {
            switch secure {
            case "1", "true": configuration.cookieSecure = true
            case "0", "false", "": configuration.cookieSecure = false
            default: throw UsageError("REDRESS_COOKIE_SECURE must be 1 or 0, not '\(secure)'")
            }
        }
        if let minutes = environment["REDRESS_SESSION_IDLE_MINUTES"] {
            guard let number = Int(minutes), (1...43_200).contains(number) else {
                throw UsageError(
                    "REDRESS_SESSION_IDLE_MINUTES must be a whole number from 1 to 43200, not '\(minutes)'")
            }
            configuration.sessionIdleMinutes = number
        }
        if let hours = environment["REDRESS_SESSION_MAX_HOURS"] {
            guard let number = Int(hours), (1...8_760).contains(number) else {
                throw UsageError("REDRESS_SESSION_MAX_HOURS must be a whole number from 1 to 8760, not '\(hours)'")
            }
            configuration.sessionMaxHours = number
        }
        if let origins = environment["REDRESS_CORS_ORIGINS"] {
            configuration.corsOrigins = origins.split(separator: ",").map { String($0.trimmingWhitespace) }.filter {
                !$0.isEmpty
            }
        }

        var remaining = arguments[...]
        var name = "serve"
        if let first = remaining.first, !first.hasPrefix("-") {
            name = first
            remaining = remaining.dropFirst()
        }
        guard let allowed = Self.options[name] else {
            throw UsageError("unknown command '\(name)'")
        }

        var positional: [String] = []
        var keyName: String?
        var role: String?
        var email: String?
        var department: String?
        var count = 1000
        while let argument = remaining.popFirst() {
            if argument == "-h" || argument == "--help" {
                return .help(usage)
            }
            guard argument.hasPrefix("--") else {
                positional.append(argument)
                continue
            }
            var flag = String(argument.dropFirst(2))
            var value: String?
            if let equals = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            guard allowed.contains(flag) else {
                throw UsageError("'\(name)' does not take --\(flag)")
            }
            guard let argumentValue = value ?? remaining.popFirst() else {
                throw UsageError("--\(flag) needs a value")
            }
            switch flag {
            case "name": keyName = argumentValue
            case "role": role = argumentValue
            case "email": email = argumentValue
            case "department": department = argumentValue
            case "count":
                guard let number = Int(argumentValue), (1...10_000_000).contains(number) else {
                    throw UsageError("--count must be a whole number from 1 to 10000000, not '\(argumentValue)'")
                }
                count = number
            default:
                let option = Option(rawValue: flag)!
                try option.apply(argumentValue, to: &configuration, source: "--\(flag)")
            }
        }

        switch name {
        case "backup":
            guard positional.count == 1 else { throw UsageError("backup needs exactly one destination file") }
            return .backup(configuration, destination: positional[0])
        case "create-key":
            guard positional.isEmpty else { throw UsageError("unexpected argument '\(positional[0])'") }
            guard let keyName, !keyName.isEmpty else { throw UsageError("create-key needs --name") }
            guard let role else { throw UsageError("create-key needs --role") }
            guard Role(rawValue: role) != nil else {
                throw UsageError(
                    "--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), not '\(role)'")
            }
            return .createKey(configuration, name: keyName, role: role)
        case "create-user":
            guard positional.isEmpty else { throw UsageError("unexpected argument '\(positional[0])'") }
            guard let email, ComplaintRules.isEmail(email) else {
                throw UsageError("create-user needs --email with an e-mail address such as li.na@example.com")
            }
            guard let role, let parsed = Role(rawValue: role), Casework.userRoles.contains(parsed) else {
                throw UsageError(
                    "create-user needs --role, one of \(Casework.userRoles.map(\.rawValue).joined(separator: ", "))")
            }
            let name = keyName ?? String(email.prefix { $0 != "@" })
            guard (1...100).contains(name.unicodeScalars.count), !ComplaintRules.isBlank(name),
                !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw UsageError("--name must be 1 to 100 characters, without control characters") }
            if let department, department.isEmpty { throw UsageError("--department must not be empty") }
            return .createUser(configuration, email: email, role: role, name: name, department: department)
        default:
            guard positional.isEmpty else { throw UsageError("unexpected argument '\(positional[0])'") }
            switch name {
            case "migrate": return .migrate(configuration)
            case "seed": return .seed(configuration, count: count)
            default: return .serve(configuration)
            }
        }
    }

    /// The flags each command accepts.
    private static let options: [String: Set<String>] = [
        "serve": Set(Option.allCases.map(\.rawValue)),
        "migrate": ["db", "synchronous", "log"],
        "backup": ["db", "log"],
        "create-key": ["db", "log", "name", "role"],
        "create-user": ["db", "log", "email", "role", "name", "department"],
        "seed": ["db", "log", "count", "synchronous", "tz"],
    ]
}

/// A setting that has both a flag and an environment variable.
private enum Option: String, CaseIterable {
    case host, port, db, synchronous, log, workers, tz
    case maxBodyBytes = "max-body-bytes"
    case maxConnections = "max-connections"
    case maxConnectionsPerAddress = "max-connections-per-address"
    case headerTimeout = "header-timeout"
    case keepAliveTimeout = "keep-alive-timeout"
    case webhookTimeout = "webhook-timeout"
    case webhookRetryHours = "webhook-retry-hours"
    case outboxSlots = "outbox-slots"

    var environmentName: String {
        "REDRESS_" + rawValue.uppercased().replacingHyphens
    }

    func apply(_ value: String, to configuration: inout Configuration, source: String) throws(UsageError) {
        switch self {
        case .host:
            guard !value.isEmpty else { throw UsageError("\(source) must not be empty") }
            configuration.host = value
        case .port: configuration.port = try Self.integer(value, source, in: 0...65535)
        case .db:
            guard !value.isEmpty else { throw UsageError("\(source) must not be empty") }
            configuration.databasePath = value
        case .synchronous: configuration.synchronous = try Self.choice(value, source)
        case .log: configuration.logLevel = try Self.choice(value, source)
        case .tz:
            guard ZoneRules.system(value) != nil else {
                throw UsageError("\(source) must be an IANA time zone such as Asia/Shanghai or UTC, not '\(value)'")
            }
            configuration.timeZone = value
        case .workers: configuration.workers = try Self.integer(value, source, in: 1...1024)
        case .maxBodyBytes: configuration.maxBodyBytes = try Self.integer(value, source, in: 1...(1 << 30))
        case .maxConnections: configuration.maxConnections = try Self.integer(value, source, in: 1...1_000_000)
        case .maxConnectionsPerAddress:
            configuration.maxConnectionsPerAddress = try Self.integer(value, source, in: 1...1_000_000)
        case .headerTimeout: configuration.headerTimeout = try Self.integer(value, source, in: 1...3600)
        case .keepAliveTimeout: configuration.keepAliveTimeout = try Self.integer(value, source, in: 1...3600)
        case .webhookTimeout: configuration.webhookTimeout = try Self.integer(value, source, in: 1...60)
        case .webhookRetryHours: configuration.webhookRetryHours = try Self.integer(value, source, in: 1...168)
        case .outboxSlots: configuration.outboxSlots = try Self.integer(value, source, in: 1...16)
        }
    }

    private static func integer(_ value: String, _ source: String, in range: ClosedRange<Int>) throws(UsageError) -> Int
    {
        guard let number = Int(value), range.contains(number) else {
            throw UsageError(
                "\(source) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'")
        }
        return number
    }

    private static func choice<T: RawRepresentable & CaseIterable>(
        _ value: String, _ source: String
    ) throws(UsageError) -> T
    where T.RawValue == String {
        guard let choice = T(rawValue: value) else {
            let names = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("\(source) must be one of \(names), not '\(value)'")
        }
        return choice
    }
}

extension String {
    fileprivate var replacingHyphens: String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
