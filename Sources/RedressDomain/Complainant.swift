/// The person who complained and how to reach them.
public struct Complainant: Sendable, Equatable, Codable {
    public var name: String
    public var phone: String?
    public var email: String?
    /// The company's own identifier for the customer.
    public var customerRef: String?

    /// A complainant from their details.
    public init(name: String, phone: String? = nil, email: String? = nil, customerRef: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.customerRef = customerRef
    }

    enum CodingKeys: String, CodingKey {
        case name, phone, email
        case customerRef = "customer_ref"
    }
}
