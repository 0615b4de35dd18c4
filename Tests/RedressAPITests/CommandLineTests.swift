import Foundation
import Glibc
import Testing
import TestClient

/// The `redress` executable as an operator runs it: subcommands, exit statuses, signals.
@Suite(.serialized) struct CommandLineTests {
    /// This test's files, removed when it ends.
    private let scratch = try! TestDirectory(prefix: "redress-cli")

    /// The `redress` binary built beside this test bundle.
    static func executable() throws -> URL {
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let url = bundle.deletingLastPathComponent().appendingPathComponent("redress")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw TestClient.Failure(description: "redress was not built at \(url.path); run swift build --build-tests")
        }
        return url
    }

    /// A finished run's exit status and output.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `redress` with `arguments` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: [UInt8]? = nil) throws -> Run {
        let run = try ChildProcess.run(
            try executable(), arguments,
            environment: ProcessInfo.processInfo.environment
                .filter { !$0.key.hasPrefix("REDRESS_") }.merging(environment) { $1 }, input: input)
        return Run(status: run.status, stdout: String(decoding: run.stdout, as: UTF8.self), stderr: run.stderr)
    }

    /// A serving process on a free port; stopped with SIGTERM.
    final class Server {
        let process = Process()
        let port: Int
        private let output = Pipe()
        private let errors = Pipe()

        /// Starts `redress serve` with `arguments` after the usual ones, under the descriptor
        /// limits `descriptors` (soft and hard) when given.
        init(
            database: String, arguments: [String] = [], descriptors: (soft: Int, hard: Int)? = nil,
            environment: [String: String] = [:]
        ) throws {
            let serve =
                [
                    try CommandLineTests.executable().path, "serve", "--host", "127.0.0.1", "--port", "0", "--db",
                    database,
                ] + arguments
            if let descriptors {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
                process.arguments = ["--nofile=\(descriptors.soft):\(descriptors.hard)", "--"] + serve
            } else {
                process.executableURL = URL(fileURLWithPath: serve[0])
                process.arguments = Array(serve.dropFirst())
            }
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REDRESS_") }
                .merging(environment) { $1 }
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // The start-up line comes first and names the chosen port.
            var text = ""
            let reader = output.fileHandleForReading
            while !text.contains("\"listening\"") {
                let chunk = reader.availableData
                guard !chunk.isEmpty else { throw TestClient.Failure(description: "redress exited: \(text)") }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let match = text.firstMatch(of: #/"port":(\d+)/#) else {
                throw TestClient.Failure(description: "no port in \(text)")
            }
            port = Int(match.output.1)!
            startupLog = text
        }

        /// What standard output held when the server said it was listening.
        let startupLog: String

        /// Standard error up to now (the process must have exited).
        var stderr: String { String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }

        /// How the process ended and what it wrote after starting (the process must have exited).
        var exitDescription: String {
            let how = process.terminationReason == .uncaughtSignal ? "signal" : "status"
            let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return "\(how) \(process.terminationStatus); stderr: \(stderr); stdout: \(stdout.suffix(2_000))"
        }

        /// Sends `signal` (SIGTERM unless told) and returns the exit status; -1 when the process
        /// was still running 20 seconds later (it is then killed), so that a lost signal fails a
        /// test rather than hangs the run.
        func terminate(with signal: Int32 = SIGTERM) -> Int32 {
            kill(process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return -1
            }
            return process.terminationStatus
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// A database path of its own in a directory not made yet, under the test's scratch directory.
    private func temporaryDatabase() throws -> String {
        scratch.path("\(UUID().uuidString)/data/redress.sqlite")
    }

    @Test func createUserReadsThePasswordFromStandardInputOrGeneratesAndPrintsOne() throws {
        let database = try temporaryDatabase()
        let given = try Self.run(
            ["create-user", "--email", "Li.Na@example.com", "--role", "admin", "--name", "李娜", "--db", database],
            input: Array("correct horse battery\n".utf8))
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.isEmpty, "a password given is not printed")
        #expect(!given.stderr.contains("correct horse battery"))
        // The same e-mail in another case is taken, and no hash is made for it.
        let taken = try Self.run(
            ["create-user", "--email", "li.na@EXAMPLE.com", "--role", "agent", "--db", database],
            input: Array("another long password".utf8))
        #expect(taken.status == 1 && taken.stderr.contains("exists already"))
        let weak = try Self.run(
            ["create-user", "--email", "weak@example.com", "--role", "agent", "--db", database],
            input: Array("short".utf8))
        #expect(weak.status == 1 && weak.stderr.contains("at least 10 characters"))
        let generated = try Self.run(
            ["create-user", "--email", "wang@example.com", "--role", "agent", "--db", database], input: [])
        #expect(generated.status == 0, "\(generated.stderr)")
        let password = generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(password.count == 20 && !password.contains("\n"))
        #expect(!generated.stderr.contains(password))
        // Stored as the slow hash with its parameters, never as the password.
        let stored =
            try Data(contentsOf: URL(fileURLWithPath: database))
            + ((try? Data(contentsOf: URL(fileURLWithPath: database + "-wal"))) ?? Data())
        #expect(stored.range(of: Data("pbkdf2-sha256$600000$".utf8)) != nil)
        #expect(stored.range(of: Data("correct horse battery".utf8)) == nil)
        #expect(stored.range(of: Data(password.utf8)) == nil)
    }

    @Test func helpPrintsTheUsageAndExitsZero() throws {
        let run = try Self.run(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Usage: redress"))
        #expect(run.stdout.contains("create-key"))
    }

    @Test(arguments: [["--bogus"], ["frobnicate"], ["--port", "x"], ["create-key", "--name", "n", "--role", "root"]])
    func aMalformedCommandLineExits64WithTheReason(arguments: [String]) throws {
        let run = try Self.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("redress: "))
        #expect(run.stderr.contains("Usage: redress"))
    }

    @Test func serveCreatesTheDatabasePrintsTheAdminKeyOnceAndStopsCleanlyOnSIGTERM() throws {
        let database = try temporaryDatabase()
        let first = try Server(database: database)
        #expect(first.startupLog.contains("\"url\":\"http://127.0.0.1:\(first.port)\""))
        #expect(try TestClient(port: first.port).request("GET", "/healthz").status == 200)
        #expect(first.terminate() == 0)
        let key = String(try #require(first.stderr.firstMatch(of: #/rk_[A-Za-z0-9]{40}/#)).output)
        #expect(FileManager.default.fileExists(atPath: database))

        let second = try Server(database: database)
        let authorized = try TestClient(port: second.port).request(
            "GET", "/v1/complaints", headers: [("Authorization", "Bearer \(key)")])
        #expect(authorized.status == 200)
        #expect(second.terminate() == 0)
        #expect(!second.stderr.contains("rk_"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalSentTheMomentTheServerListensStopsItCleanly(signal: Int32) throws {
        let database = try temporaryDatabase()
        for _ in 0..<6 {
            let server = try Server(database: database)
            #expect(server.terminate(with: signal) == 0)
        }
    }

    /// Clock ticks the process has run on a CPU, user and system (/proc/PID/stat fields 14, 15).
    private func cpuTicks(of pid: Int32) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.lastIndex(of: ")")!...].split(separator: " ")
        return Int(fields[12])! + Int(fields[13])!
    }

    /// Leaves the server a few descriptors more than it holds once `kept` was served, then connects
    /// 24 clients past them, each sending a request; returns them.
    private func exhaustDescriptors(of server: Server, keeping kept: TestClient) throws -> [TestClient?] {
        let pid = server.process.processIdentifier
        #expect(try kept.request("GET", "/healthz").status == 200)
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        let limit = Process()
        limit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        limit.arguments = ["--pid", String(pid), "--nofile=\(open + 8):\(open + 8)"]
        try limit.run()
        limit.waitUntilExit()
        try #require(limit.terminationStatus == 0)
        let clients: [TestClient?] = try (0..<24).map { _ in try TestClient(port: server.port, timeout: 0.5) }
        for client in clients { try client!.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n") }
        usleep(200_000)
        try #require(server.process.isRunning, "the server exited: \(server.exitDescription)")
        return clients
    }

    @Test func outOfDescriptorsTheServerBacksOffInsteadOfSpinningAndRecovers() throws {
        let server = try Server(database: try temporaryDatabase())
        let pid = server.process.processIdentifier
        let kept = try TestClient(port: server.port)
        var clients = try exhaustDescriptors(of: server, keeping: kept)
        let before = try cpuTicks(of: pid)
        usleep(1_000_000)
        try #require(server.process.isRunning, "the server exited: \(server.exitDescription)")
        let spent = try cpuTicks(of: pid) - before
        #expect(spent < 30, "\(spent) ticks in one second with accept failing")
        // The last connection waits: the server has no descriptor for it.
        #expect((try? clients[23]!.readResponse()) == nil, "every connection was accepted under the limit")
        // Connections already open are still served.
        #expect(try kept.request("GET", "/healthz").status == 200)
        // As clients leave, descriptors free up and the waiting connections are accepted in turn.
        for index in clients.indices {
            var status: Int?
            for _ in 0..<10 where status == nil { status = try? clients[index]!.readResponse().status }
            #expect(status == 200, "connection \(index)")
            clients[index] = nil
        }
        #expect(server.terminate() == 0)
    }

    @Test func outOfDescriptorsTheServerStillStopsOnSIGTERMAndLivesUntilThen() throws {
        let server = try Server(database: try temporaryDatabase())
        let kept = try TestClient(port: server.port)
        let clients = try exhaustDescriptors(of: server, keeping: kept)
        // Long enough for anything that runs once a second to need a descriptor it cannot have.
        usleep(2_500_000)
        try #require(server.process.isRunning, "the server exited: \(server.exitDescription)")
        #expect(server.terminate() == 0, "\(server.exitDescription)")
        withExtendedLifetime(clients) {}
    }

    /// The soft and hard "Max open files" of a running process.
    private func descriptorLimits(of pid: Int32) throws -> (soft: Int, hard: Int) {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        return (numbers[0], numbers[1])
    }

    @Test func aLowSoftDescriptorLimitIsRaisedAsFarAsTheConnectionsNeed() throws {
        let server = try Server(
            database: try temporaryDatabase(), arguments: ["--max-connections", "1000"],
            descriptors: (soft: 256, hard: 4096))
        let limits = try descriptorLimits(of: server.process.processIdentifier)
        #expect(limits.soft == 1064 && limits.hard == 4096, "\(limits)")
        #expect(server.startupLog.contains("\"max_connections\":1000"))
        #expect(!server.startupLog.contains("too few descriptors"))
        #expect(server.terminate() == 0)
    }

    @Test func tooFewDescriptorsCapTheConnectionsAndIdleOnesMakeRoomForNewOnes() throws {
        let server = try Server(database: try temporaryDatabase(), descriptors: (soft: 128, hard: 128))
        let pid = server.process.processIdentifier
        #expect(server.startupLog.contains("too few descriptors for --max-connections"))
        #expect(server.startupLog.contains("\"max_connections\":64"))
        // As many kept-alive clients as the server holds, then more at once: each newcomer is
        // served, because an idle client is closed for it (the oldest of an event loop's), instead
        // of waiting for a descriptor.
        var clients: [TestClient] = []
        for index in 0..<64 {
            let client = try TestClient(port: server.port)
            #expect(try client.request("GET", "/healthz").status == 200, "client \(index)")
            clients.append(client)
        }
        var newcomers: [TestClient] = []
        for index in 0..<8 {
            let client = try TestClient(port: server.port)
            #expect(try client.request("GET", "/healthz").status == 200, "newcomer \(index)")
            newcomers.append(client)
        }
        let closed = clients.indices.filter { clients[$0].isAlreadyClosedByServer() }
        #expect(closed.count == 8 && closed.allSatisfy { $0 < 24 }, "closed for the newcomers: \(closed)")
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        #expect(open < 128, "\(open) descriptors open")
        #expect(server.terminate() == 0)
    }

    @Test func theAdminKeyCanBeGivenInTheEnvironment() throws {
        let key = "rk_" + String(repeating: "k", count: 40)
        let server = try Server(database: try temporaryDatabase(), environment: ["REDRESS_ADMIN_KEY": key])
        let response = try TestClient(port: server.port).request(
            "GET", "/v1/api-keys", headers: [("Authorization", "Bearer \(key)")])
        #expect(response.status == 200)
        #expect(server.terminate() == 0)
        #expect(!server.stderr.contains(key))
    }

    @Test func migrateCreateKeyAndBackupWorkBesideARunningServer() throws {
        let database = try temporaryDatabase()
        let migrate = try Self.run(["migrate", "--db", database])
        #expect(migrate.status == 0)
        #expect(migrate.stdout.contains("\"schema_version\":"))
        let server = try Server(database: database)
        let created = try Self.run(["create-key", "--name", "web form", "--role", "intake", "--db", database])
        #expect(created.status == 0)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("rk_") && !key.contains("\n"))
        let body = Array(
            #"{"channel":"web","title":"t","description":"d","complainant":{"name":"n","email":"a@b.cn"},"subject":{"type":"other"}}"#
                .utf8)
        let posted = try TestClient(port: server.port).request(
            "POST", "/v1/complaints",
            headers: [
                ("Authorization", "Bearer \(key)"), ("Content-Type", "application/json"),
            ], body: body)
        #expect(posted.status == 201)
        let copy = database + ".backup"
        let backup = try Self.run(["backup", copy, "--db", database])
        #expect(backup.status == 0, "\(backup.stdout) \(backup.stderr)")
        #expect(server.terminate() == 0)
        let restored = try Server(database: copy)
        let read = try TestClient(port: restored.port).request(
            "GET", "/v1/complaints", headers: [("Authorization", "Bearer \(key)")])
        #expect(read.text.contains("\"number\":\"\(try posted.json()["number"]?.string ?? "?")\""))
        #expect(restored.terminate() == 0)
    }

    @Test func aDatabaseThatCannotBeOpenedExitsOne() throws {
        let run = try Self.run(["migrate", "--db", "/proc/redress/not-here.sqlite"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"level\":\"warn\""))
    }
}
