/// What a start-up or `redress migrate` did to the schema.
public struct MigrationReport: Sendable, Equatable {
    /// The versions applied just now, in order; empty when the schema was current.
    public let applied: [Int]
    /// The schema version the database is at now.
    public let current: Int

    /// A report from its parts.
    public init(applied: [Int], current: Int) {
        self.applied = applied
        self.current = current
    }
}
