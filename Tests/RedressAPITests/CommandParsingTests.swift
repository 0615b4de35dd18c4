import Testing
@testable import RedressAPI

@Suite struct CommandParsingTests {
    @Test func noArgumentsServesWithTheDocumentedDefaults() throws {
        let command = try Command.parse([], environment: [:])
        #expect(command == .serve(Configuration()))
        let defaults = Configuration()
        #expect(defaults.host == "0.0.0.0")
        #expect(defaults.port == 8080)
        #expect(defaults.databasePath == "./data/redress.sqlite")
        #expect(defaults.synchronous == .full)
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let command = try Command.parse(
            ["serve", "--port", "0", "--db=/tmp/x.sqlite"],
            environment: ["REDRESS_PORT": "9000", "REDRESS_HOST": "127.0.0.1", "REDRESS_DB": "/tmp/y.sqlite"]
        )
        var expected = Configuration()
        expected.port = 0
        expected.host = "127.0.0.1"
        expected.databasePath = "/tmp/x.sqlite"
        #expect(command == .serve(expected))
    }

    @Test func everyLimitCanBeSetFromTheEnvironment() throws {
        let command = try Command.parse(
            [],
            environment: [
                "REDRESS_WORKERS": "8", "REDRESS_MAX_BODY_BYTES": "2048", "REDRESS_MAX_CONNECTIONS": "50",
                "REDRESS_HEADER_TIMEOUT": "3", "REDRESS_KEEP_ALIVE_TIMEOUT": "4", "REDRESS_SYNCHRONOUS": "normal",
                "REDRESS_LOG": "warn", "REDRESS_CORS_ORIGINS": "https://a.example, https://b.example",
                "REDRESS_MAX_CONNECTIONS_PER_ADDRESS": "7", "REDRESS_TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::1",
            ])
        guard case .serve(let configuration) = command else {
            Issue.record("expected serve, got \(command)")
            return
        }
        #expect(configuration.workers == 8)
        #expect(configuration.maxBodyBytes == 2048)
        #expect(configuration.maxConnections == 50)
        #expect(configuration.headerTimeout == 3)
        #expect(configuration.keepAliveTimeout == 4)
        #expect(configuration.synchronous == .normal)
        #expect(configuration.logLevel == .warn)
        #expect(configuration.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(configuration.maxConnectionsPerAddress == 7)
        #expect(
            configuration.trustedProxies.contains("10.1.2.3") && configuration.trustedProxies.contains("2001:db8::1"))
        #expect(!configuration.trustedProxies.contains("127.0.0.1"))
    }

    @Test func theConnectionCapPerAddressIsAFlagTooAndDefaultsTo256WithNoTrustedProxies() throws {
        #expect(Configuration().maxConnectionsPerAddress == 256)
        #expect(Configuration().trustedProxies.isEmpty)
        var expected = Configuration()
        expected.maxConnectionsPerAddress = 12
        #expect(
            try Command.parse(
                ["--max-connections-per-address", "12"], environment: ["REDRESS_MAX_CONNECTIONS_PER_ADDRESS": "5"])
                == .serve(expected))
    }

    @Test func subcommandsTakeTheirOwnArguments() throws {
        var configuration = Configuration()
        configuration.databasePath = "db.sqlite"
        #expect(try Command.parse(["migrate", "--db", "db.sqlite"], environment: [:]) == .migrate(configuration))
        #expect(
            try Command.parse(["backup", "copy.sqlite", "--db", "db.sqlite"], environment: [:])
                == .backup(configuration, destination: "copy.sqlite"))
        #expect(
            try Command.parse(
                ["create-key", "--name", "web form", "--role", "intake", "--db", "db.sqlite"], environment: [:])
                == .createKey(configuration, name: "web form", role: "intake"))
        #expect(
            try Command.parse(
                [
                    "create-user", "--email", "li.na@example.com", "--role", "admin", "--name", "李娜", "--department",
                    "quality", "--db", "db.sqlite",
                ], environment: [:])
                == .createUser(
                    configuration, email: "li.na@example.com", role: "admin", name: "李娜", department: "quality"))
        #expect(
            try Command.parse(
                ["create-user", "--email", "li.na@example.com", "--role", "agent", "--db", "db.sqlite"],
                environment: [:])
                == .createUser(configuration, email: "li.na@example.com", role: "agent", name: "li.na", department: nil),
            "the name defaults to the e-mail's local part")
    }

    @Test func sessionSettingsComeFromTheEnvironment() throws {
        var expected = Configuration()
        expected.sessionIdleMinutes = 30
        expected.sessionMaxHours = 12
        expected.cookieSecure = true
        expected.origins = ["https://console.example.com", "http://localhost:3000"]
        #expect(
            try Command.parse(
                [],
                environment: [
                    "REDRESS_SESSION_IDLE_MINUTES": "30", "REDRESS_SESSION_MAX_HOURS": "12",
                    "REDRESS_COOKIE_SECURE": "1",
                    "REDRESS_ORIGINS": "https://Console.example.com, http://localhost:3000",
                ]) == .serve(expected))
        #expect(throws: UsageError("REDRESS_COOKIE_SECURE must be 1 or 0, not 'yes'")) {
            try Command.parse([], environment: ["REDRESS_COOKIE_SECURE": "yes"])
        }
        #expect(throws: UsageError("REDRESS_SESSION_IDLE_MINUTES must be a whole number from 1 to 43200, not '0'")) {
            try Command.parse([], environment: ["REDRESS_SESSION_IDLE_MINUTES": "0"])
        }
        #expect(
            throws: UsageError(
                "REDRESS_ORIGINS: 'console.example.com' is not an origin such as https://console.example.com")
        ) {
            try Command.parse([], environment: ["REDRESS_ORIGINS": "console.example.com"])
        }
        #expect(
            throws: UsageError(
                "REDRESS_ORIGINS: 'https://a.example/path' is not an origin such as https://console.example.com")
        ) {
            try Command.parse([], environment: ["REDRESS_ORIGINS": "https://a.example/path"])
        }
    }

    @Test(arguments: [["--help"], ["-h"], ["serve", "--help"], ["backup", "--help"], ["create-key", "-h"]])
    func helpIsAnsweredForEveryCommand(arguments: [String]) throws {
        #expect(try Command.parse(arguments, environment: [:]) == .help(Command.usage))
    }

    @Test(arguments: [
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["--port"], "--port needs a value"),
        (["--port", "70000"], "--port must be a whole number from 0 to 65535, not '70000'"),
        (["--port", "eighty"], "--port must be a whole number from 0 to 65535, not 'eighty'"),
        (["--synchronous", "off"], "--synchronous must be one of full, normal, not 'off'"),
        (["--color", "red"], "'serve' does not take --color"),
        (["migrate", "--port", "1"], "'migrate' does not take --port"),
        (["backup"], "backup needs exactly one destination file"),
        (["backup", "a", "b"], "backup needs exactly one destination file"),
        (["create-key", "--role", "admin"], "create-key needs --name"),
        (["create-key", "--name", "n"], "create-key needs --role"),
        (
            ["create-user", "--role", "admin"],
            "create-user needs --email with an e-mail address such as li.na@example.com"
        ),
        (
            ["create-user", "--email", "not an email", "--role", "admin"],
            "create-user needs --email with an e-mail address such as li.na@example.com"
        ),
        (
            ["create-user", "--email", "a@example.com", "--role", "intake"],
            "create-user needs --role, one of agent, supervisor, admin"
        ),
        (
            ["create-user", "--email", "a@example.com", "--role", "admin", "--name", "   "],
            "--name must be 1 to 100 characters, without control characters"
        ),
        (
            ["create-user", "--email", "a@example.com", "--role", "admin", "--password", "x"],
            "'create-user' does not take --password"
        ),
        (["serve", "extra"], "unexpected argument 'extra'"),
    ])
    func malformedCommandLinesAreRefusedWithTheReason(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) {
            try Command.parse(arguments, environment: [:])
        }
    }

    @Test func aBadEnvironmentValueNamesTheVariable() {
        #expect(throws: UsageError("REDRESS_PORT must be a whole number from 0 to 65535, not '-1'")) {
            try Command.parse([], environment: ["REDRESS_PORT": "-1"])
        }
        #expect(
            throws: UsageError(
                "REDRESS_TRUSTED_PROXIES: '10.0.0.0/40' is not an IPv4 or IPv6 address or CIDR network (such as 10.0.0.0/8 or 2001:db8::/32)"
            )
        ) {
            try Command.parse([], environment: ["REDRESS_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.0/40"])
        }
    }
}
