import RedressStore
import TestClient

extension TestDirectory {
    /// The default configuration for a database file in the directory, in a subdirectory that does not exist yet.
    func configuration(_ name: String = "data/redress.sqlite") -> DatabaseConfiguration {
        DatabaseConfiguration(path: path(name))
    }
}
