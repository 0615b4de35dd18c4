import Foundation
import RedressAPI

// Parse, run, exit: everything else lives in RedressAPI so that it can be tested.
do {
    let command = try Command.parse(
        Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    exit(Launcher.run(command))
} catch {
    FileHandle.standardError.write(Data("redress: \(error)\n\n\(Command.usage)".utf8))
    exit(64)
}
