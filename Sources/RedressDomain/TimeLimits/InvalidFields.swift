/// Every way an input breaks the rules, each tied to the field it concerns: what validating a
/// calendar, a time-limit target or a policy list throws (a 422 with these fields).
public struct InvalidFields: Error, Sendable, Equatable {
    /// The problems, in the order of the fields checked; never empty when thrown.
    public var errors: [FieldError]

    /// The failure made of `errors`.
    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// The fields named, in order, for tests and logs.
    public var fields: [String] { errors.map(\.field) }
}
