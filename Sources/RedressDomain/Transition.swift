/// The outcome of an action: the complaint as it now stands and the events to append to its
/// timeline, oldest first.
public struct Transition: Sendable, Equatable {
    /// The complaint after the action, one version on.
    public var complaint: Complaint
    /// What happened, to append to the timeline in this order.
    public var events: [DomainEvent]
    /// Who took the action; the caller stores each event with this actor and the action's time.
    public var actor: Actor

    /// A transition from its parts.
    public init(complaint: Complaint, events: [DomainEvent], actor: Actor) {
        self.complaint = complaint
        self.events = events
        self.actor = actor
    }
}
