import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it when released.
public final class TestDirectory {
    /// Where it is.
    public let url: URL

    /// A new empty directory whose name starts with `prefix`.
    public init(prefix: String = "redress-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file named `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
