/// How a complaint reached the company.
public enum Channel: String, Sendable, CaseIterable, Codable {
    case phone, email, web, app
    case socialMedia = "social_media"
    case inPerson = "in_person"
    case letter, messaging
}
