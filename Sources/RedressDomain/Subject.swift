/// What or whom the complaint is about.
public struct Subject: Sendable, Equatable, Codable {
    /// The kind of thing complained about.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case product, service, order, staff, store, other
    }

    public var type: Kind
    /// The company's identifier for it: a product code, an order number, a staff number.
    public var ref: String?
    public var name: String?

    /// A subject from its kind and optional identifiers.
    public init(type: Kind, ref: String? = nil, name: String? = nil) {
        self.type = type
        self.ref = ref
        self.name = name
    }
}
