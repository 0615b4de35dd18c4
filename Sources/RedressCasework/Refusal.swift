import JSON
import RedressDomain

/// Why the casework would not do what it was asked: the rule that refused it, said for a person.
/// The HTTP layer turns each reason into its status (422, 404, 409, 412, 403) in one place; the
/// command line and the seeder print it. A database failure is never a refusal: it is thrown as
/// itself and reported as the service's own error.
public struct Refusal: Error, Sendable {
    /// The kind of rule that refused.
    public enum Reason: Sendable, Equatable {
        /// The content breaks a rule; `errors` says which fields.
        case invalid
        /// What the request names does not exist, or the caller may not see it.
        case notFound
        /// The request clashes with the state of things (a duplicate, a step out of order).
        case conflict
        /// The thing changed since the caller last read it.
        case stale
        /// The caller's role is below what the action needs.
        case forbidden
    }

    public var reason: Reason
    /// A short, stable name for the rule, such as `duplicate-key`.
    public var slug: String
    public var title: String
    public var detail: String
    /// With `invalid`: every field in error.
    public var errors: [FieldError]
    /// Facts that help the caller act on it, such as the actions that are allowed.
    public var extensions: [(String, JSONValue)]

    /// A refusal of the given reason.
    public init(
        _ reason: Reason, slug: String, title: String, detail: String, errors: [FieldError] = [],
        extensions: [(String, JSONValue)] = []
    ) {
        self.reason = reason
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
    }

    /// Content that breaks the rules `errors` name.
    public static func invalid(_ errors: [FieldError]) -> Refusal {
        Refusal(
            .invalid, slug: "validation-failed", title: "Validation Failed",
            detail: errors.count == 1
                ? "\(errors[0].field) \(errors[0].message)." : "\(errors.count) fields are invalid.",
            errors: errors)
    }

    /// Nothing by that name exists (for this caller).
    public static func notFound(_ detail: String) -> Refusal {
        Refusal(.notFound, slug: "not-found", title: "Not Found", detail: detail)
    }

    /// The thing changed while the request was applied.
    static func changedMeanwhile(_ what: String) -> Refusal {
        Refusal(
            .stale, slug: "precondition-failed", title: "Precondition Failed",
            detail: "The \(what) changed while this request was applied; read it again.")
    }
}
