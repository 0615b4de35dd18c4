import Foundation
import Synchronization

/// A program run to completion, for tests that drive a command line or a tool beside the server.
public struct ChildProcess: Sendable {
    /// Its exit status.
    public let status: Int32
    /// What it wrote on standard output.
    public let stdout: [UInt8]
    /// What it wrote on standard error, as text.
    public let stderr: String

    /// Runs `executable` with `arguments` (and `environment`, when given) and waits for it to end.
    /// With `input`, standard input is a pipe holding it; otherwise it is inherited.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, input: [UInt8]? = nil
    ) throws -> ChildProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { process.standardInput = inputPipe }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(Data(input))
            try inputPipe.fileHandleForWriting.close()
        }
        // Standard error is drained on its own thread, so a program filling it cannot stall
        // while this one waits on standard output.
        let errorText = Mutex<Data>(Data())
        let drained = DispatchGroup()
        drained.enter()
        Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = data }
            drained.leave()
        }.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return ChildProcess(
            status: process.terminationStatus, stdout: Array(data),
            stderr: String(decoding: errorText.withLock { $0 }, as: UTF8.self))
    }
}
