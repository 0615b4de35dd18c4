import TestClient
import Foundation
import Glibc
import Testing
import SQLite
import Synchronization

@Suite struct CrashTests {
    /// The `redress-bench` executable built beside this test bundle (`swift build --build-tests` builds every product).
    static func benchExecutable() throws -> URL {
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let executable = bundle.deletingLastPathComponent().appendingPathComponent("redress-bench")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CrashTestSetupError(
                description:
                    "redress-bench was not found at \(executable.path); build every product first (swift build --build-tests)"
            )
        }
        return executable
    }

    struct CrashTestSetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// One run of the child: started, killed with SIGKILL, and the ids it acknowledged before dying.
    final class KilledWriter: Sendable {
        private let output = Mutex(Data())
        private let drained = DispatchGroup()
        let process = Process()

        init(executable: URL, database: String, firstID: Int) throws {
            let pipe = Pipe()
            process.executableURL = executable
            process.arguments = ["crash-writer", "--db", database, "--first-id", String(firstID)]
            process.standardOutput = pipe
            try process.run()
            let reader = pipe.fileHandleForReading
            drained.enter()
            Thread {
                while case let chunk = reader.availableData, !chunk.isEmpty {
                    self.output.withLock { $0.append(chunk) }
                }
                self.drained.leave()
            }.start()
        }

        /// Whether any write has been acknowledged yet.
        var hasAcknowledged: Bool { output.withLock { $0.contains(UInt8(ascii: "\n")) } }

        /// Sends SIGKILL, reaps the child, and returns every id on a complete output line.
        func kill() -> [Int] {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            drained.wait()
            let text = output.withLock { String(decoding: $0, as: UTF8.self) }
            // A line without its newline was being written when the kill came: it is not an acknowledgement.
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { Int($0) }
        }
    }

    @Test("every write acknowledged before a SIGKILL survives it, and the database stays intact")
    func acknowledgedWritesSurviveKill() throws {
        let executable = try Self.benchExecutable()
        let directory = try TestDirectory()
        let path = directory.path("crash/redress.sqlite")
        var acknowledged: Set<Int> = []
        for round in 0..<20 {
            let child = try KilledWriter(executable: executable, database: path, firstID: round * 10_000_000)
            #expect(eventually { child.hasAcknowledged || !child.process.isRunning }, "the child acknowledged no write")
            usleep(UInt32.random(in: 0..<250_000))
            let acknowledgedNow = child.kill()
            #expect(
                child.process.terminationReason == .uncaughtSignal,
                "the child exited on its own (status \(child.process.terminationStatus))")
            #expect(!acknowledgedNow.isEmpty)
            acknowledged.formUnion(acknowledgedNow)

            // Opening read-write lets SQLite recover the WAL the dead process left behind.
            let connection = try Connection(path: path)
            #expect(try connection.first("PRAGMA integrity_check")?.get(0) as String? == "ok")
            let stored = try Set(
                connection.query("SELECT value FROM settings WHERE key LIKE 'crash.%'").map {
                    Int(try $0.get(0) as String)
                })
            let missing = acknowledged.subtracting(stored.compactMap { $0 })
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged writes are missing")
            connection.close()
        }
        #expect(acknowledged.count > 20)
    }
}
