import Foundation
import RedressStore

/// A fresh directory holding one test's database files, removed when released.
final class TestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("redress-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file in the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The default configuration for a database file in the directory, in a subdirectory that does not exist yet.
    func configuration(_ name: String = "data/redress.sqlite") -> DatabaseConfiguration {
        DatabaseConfiguration(path: path(name))
    }
}
