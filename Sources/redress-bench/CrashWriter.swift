import Foundation
import Glibc
import RedressStore
import Synchronization

/// The crash test's child: writers insert unique settings as fast as they can and print each id once its write returned.
///
/// The parent kills this process with SIGKILL at a random moment; every id printed must then be in the database.
struct CrashWriter {
    private let path: String
    private let firstID: Int
    private let threads: Int

    /// Reads `--db`, `--first-id` and `--threads`.
    init(arguments: Arguments) throws {
        path = try arguments.string("db")
        firstID = try arguments.integer("first-id", default: 1)
        threads = try arguments.integer("threads", default: 16)
    }

    /// Writes until killed.
    func run() throws -> Never {
        let database = try Database(configuration: DatabaseConfiguration(path: path))
        let nextID = Atomic<Int>(firstID)
        for _ in 0..<threads {
            Thread {
                while true {
                    let id = nextID.add(1, ordering: .relaxed).oldValue
                    do {
                        try database.write { try $0.setSetting(String(id), for: "crash.\(id)") }
                    } catch {
                        FileHandle.standardError.write(Data("crash-writer: \(error)\n".utf8))
                        exit(1)
                    }
                    // One write(2) per line straight to the pipe (no stdio buffer), only after the write returned.
                    let line = Array("\(id)\n".utf8)
                    _ = line.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                }
            }.start()
        }
        while true { sleep(60) }
    }
}
