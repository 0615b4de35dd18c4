import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file named `name` inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
