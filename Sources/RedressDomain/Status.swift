/// Where a complaint stands in its life.
public enum Status: String, Sendable, CaseIterable, Codable {
    case received, accepted, assigned, investigating, proposed, approved, resolved
    case closed, rejected, withdrawn

    /// Statuses in which the complaint is still being handled.
    public static let open: [Status] = [.received, .accepted, .assigned, .investigating, .proposed, .approved, .resolved]

    /// Whether the complaint is still being handled.
    public var isOpen: Bool { Self.open.contains(self) }
}
