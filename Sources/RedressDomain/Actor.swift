/// Who takes an action: the name recorded in the timeline and the role that permits it.
public struct Actor: Sendable, Equatable {
    /// The API key's name, or `complainant` for the customer's own feedback.
    public var name: String
    /// The role of the key, which decides the actions allowed.
    public var role: Role

    /// An actor with this name and role.
    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// The customer giving feedback through the tracking page: no key, but allowed the follow-up
    /// an agent would record.
    public static let complainant = Actor(name: "complainant", role: .agent)
}
