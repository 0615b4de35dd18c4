/// Where a complaint stands in its life.
public enum Status: String, Sendable, CaseIterable, Codable {
    case received, accepted, assigned, investigating, proposed, approved, resolved
    /// Waiting on the customer's answer to a question (`await-customer`): the resolution clock is paused.
    case awaitingCustomer = "awaiting_customer"
    case closed, rejected, withdrawn
    /// A duplicate merged into another complaint (`merge`), which carries on for both: ended for
    /// good, since the survivor holds the case now, so no action reopens it.
    case merged

    /// Statuses in which the complaint is still being handled.
    public static let open: [Status] = [
        .received, .accepted, .assigned, .investigating, .proposed, .approved, .resolved,
        .awaitingCustomer,
    ]

    /// Whether the complaint is still being handled.
    public var isOpen: Bool { Self.open.contains(self) }
}
