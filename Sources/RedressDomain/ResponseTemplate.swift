/// A reply agents start from, for one stage of handling in one language, with placeholders the
/// complaint fills in (DOMAIN.md "Communication style the templates encode").
public struct ResponseTemplate: Sendable, Equatable {
    /// The stage of handling a template is written for.
    public enum Stage: String, Sendable, CaseIterable {
        case acknowledgement, apology, proposal, rejection
        case followUp = "follow_up"
        case other
    }

    /// Names the template, such as `acknowledgement-zh-CN`.
    public var key: String
    public var stage: Stage
    /// A BCP 47 language tag, such as `zh-CN` or `en`.
    public var locale: String
    /// The text with `{{placeholder}}`s, as saved.
    public var body: String
    public var createdAt: Instant
    public var updatedAt: Instant

    /// A template from its parts.
    public init(key: String, stage: Stage, locale: String, body: String, createdAt: Instant, updatedAt: Instant) {
        self.key = key
        self.stage = stage
        self.locale = locale
        self.body = body
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
