/// One reason a request's content is invalid, tied to the field it concerns.
public struct FieldError: Sendable, Equatable, Error {
    /// The field's path, such as `complainant.email` or `tags[3]`.
    public var field: String
    public var message: String

    /// An error for `field` saying `message`.
    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
