import Foundation

// Measurements and the crash test's child process, kept out of the service and the timed-free test suite.
let usage = """
    usage: redress-bench store [--dir DIR] [--seconds N]
           redress-bench raw-commits [--dir DIR] [--seconds N] [--synchronous full|normal|off]
           redress-bench crash-writer --db PATH [--first-id N] [--threads N]
           redress-bench due-dates [--count N] [--rounds N]

    """

do {
    let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "store":
        try StoreBenchmark(arguments: arguments).run()
    case "raw-commits":
        try StoreBenchmark(arguments: arguments).printRawCommits()
    case "due-dates":
        try DueDateBenchmark(arguments: arguments).run()
    case "crash-writer":
        try CrashWriter(arguments: arguments).run()
    default:
        FileHandle.standardError.write(Data(usage.utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("redress-bench: \(error)\n\(usage)".utf8))
    exit(1)
}
