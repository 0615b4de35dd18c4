/// Why an action was refused, checked in this order.
public enum LifecycleError: Error, Sendable, Equatable {
    /// The actor's role is below the action's; 403.
    case forbidden(required: Role)
    /// The action cannot be taken from the complaint's status; 409 naming the actions that can.
    case notAllowed(status: Status, allowed: [Action])
    /// The request's content is wrong; 422 with every problem found.
    case invalid([FieldError])
}
