import Foundation

// Writes a Swift source file declaring one internal string constant holding a UTF-8 text file.
// Usage: embed-text <input file> <output .swift file> <constant name>
let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: embed-text <input> <output.swift> <name>\n".utf8))
    exit(64)
}
let text = try String(contentsOf: URL(fileURLWithPath: arguments[1]), encoding: .utf8)
// A raw string whose delimiter has more `#` than any run in the text cannot be closed or
// interpolated by the text itself, so it needs no escaping.
var longestRun = 0
var run = 0
for character in text {
    run = character == "#" ? run + 1 : 0
    longestRun = max(longestRun, run)
}
let hashes = String(repeating: "#", count: longestRun + 1)
let source = """
    // Generated at build time from \(URL(fileURLWithPath: arguments[1]).lastPathComponent); do not edit.
    let \(arguments[3]) = \(hashes)\"\"\"
    \(text)
    \"\"\"\(hashes)

    """
try Data(source.utf8).write(to: URL(fileURLWithPath: arguments[2]))
