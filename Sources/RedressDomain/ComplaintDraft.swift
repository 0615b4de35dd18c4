/// A complaint as submitted for registration, before it has a number.
public struct ComplaintDraft: Sendable, Equatable {
    public var channel: Channel
    public var title: String
    public var description: String
    public var complainant: Complainant
    public var subject: Subject
    public var category: String?
    /// The priority the submitter chose; nil lets the priority rules decide.
    public var priority: Priority?
    /// When the complaint actually reached the company; nil means now.
    public var receivedAt: Instant?
    public var tags: [String]
    /// The submitter's own identifier, unique per API key.
    public var externalRef: String?
    /// Where the customer is (`domestic`, `overseas`, or any string the time-limit policies use).
    public var region: String?

    /// A draft from its fields.
    public init(
        channel: Channel, title: String, description: String, complainant: Complainant, subject: Subject,
        category: String? = nil, priority: Priority? = nil, receivedAt: Instant? = nil, tags: [String] = [],
        externalRef: String? = nil, region: String? = nil
    ) {
        self.channel = channel
        self.title = title
        self.description = description
        self.complainant = complainant
        self.subject = subject
        self.category = category
        self.priority = priority
        self.receivedAt = receivedAt
        self.tags = tags
        self.externalRef = externalRef
        self.region = region
    }
}

/// The limits a complaint's fields must keep, in one place for intake and edits alike.
public enum ComplaintRules {
    public static let titleLength = 1...200
    public static let descriptionLength = 1...20_000
    public static let nameLength = 1...200
    public static let maxTags = 20
    public static let tagLength = 1...50
    public static let regionLength = 1...50
    public static let refLength = 1...255
    public static let emailLength = 3...254
    public static let phoneDigits = 5...20
    /// The earliest `received_at` taken, 2000-01-01T00:00:00Z: an earlier one is a typo or a
    /// default date, not when a complaint reached the company.
    public static let earliestReceivedAt = Instant(seconds: 946_684_800)
    /// How far past the server's clock `received_at` may be, in seconds: the sender's clock may run
    /// a little fast, but a complaint cannot arrive later than it is registered.
    public static let receivedAtSkew: Int64 = 300

    /// Every way the editable fields break the rules; empty when they are valid.
    public static func validate(
        title: String, description: String, complainant: Complainant, subject: Subject, tags: [String],
        region: String? = nil
    ) -> [FieldError] {
        var errors: [FieldError] = []
        check(title, "title", titleLength, into: &errors)
        check(description, "description", descriptionLength, into: &errors)
        check(complainant.name, "complainant.name", nameLength, into: &errors)
        if complainant.phone == nil && complainant.email == nil {
            errors.append(FieldError("complainant", "give a phone number or an email address (or both)"))
        }
        if let phone = complainant.phone, !isPhone(phone) {
            errors.append(
                FieldError(
                    "complainant.phone",
                    "must be a phone number: digits, optionally a leading +, spaces, dashes or parentheses"))
        }
        if let email = complainant.email, !isEmail(email) {
            errors.append(FieldError("complainant.email", "must be an email address such as name@example.com"))
        }
        if let ref = complainant.customerRef { check(ref, "complainant.customer_ref", refLength, into: &errors) }
        if let ref = subject.ref { check(ref, "subject.ref", refLength, into: &errors) }
        if let name = subject.name { check(name, "subject.name", nameLength, into: &errors) }
        if tags.count > maxTags {
            errors.append(FieldError("tags", "at most \(maxTags) tags"))
        }
        for (index, tag) in tags.enumerated() {
            check(tag, "tags[\(index)]", tagLength, into: &errors)
        }
        if Set(tags).count != tags.count {
            errors.append(FieldError("tags", "must not repeat a tag"))
        }
        if let region { check(region, "region", regionLength, into: &errors) }
        return errors
    }

    /// Every way a draft breaks the rules at `now`; empty when it can be registered.
    public static func validate(_ draft: ComplaintDraft, now: Instant) -> [FieldError] {
        var errors = validate(
            title: draft.title, description: draft.description, complainant: draft.complainant,
            subject: draft.subject, tags: draft.tags, region: draft.region)
        if let receivedAt = draft.receivedAt,
            receivedAt < earliestReceivedAt || receivedAt > now.adding(seconds: receivedAtSkew)
        {
            errors.append(
                FieldError(
                    "received_at", "must be from \(earliestReceivedAt) to \(receivedAtSkew / 60) minutes from now"))
        }
        if let ref = draft.externalRef { check(ref, "external_ref", refLength, into: &errors) }
        return errors
    }

    /// Puts the complainant's phone number in E.164 (`+8613700000002`), read in `settings`'
    /// default region when written without a calling code, so that one number is stored and
    /// compared one way; the error naming the field when it cannot be a number in any region.
    public static func normalisePhone(of complainant: inout Complainant, settings: Settings) -> FieldError? {
        guard let phone = complainant.phone else { return nil }
        guard let e164 = settings.e164(phone) else {
            return FieldError(
                "complainant.phone",
                "cannot be a phone number in any region: it needs 7 to 15 digits with "
                    + "its country calling code (\(settings.phoneRegion.callingCode) is added to a number without one)")
        }
        complainant.phone = e164
        return nil
    }

    /// Whether `text` looks like a phone number: 5–20 digits with the usual punctuation.
    public static func isPhone(_ text: String) -> Bool {
        var digits = 0
        for (index, character) in text.enumerated() {
            if character.isASCIIDigit {
                digits += 1
            } else if !(character == "+" && index == 0) && !" -().".contains(character) {
                return false
            }
        }
        return phoneDigits.contains(digits)
    }

    /// Whether `text` has the shape `local@domain.tld` with no white space, judged on code points
    /// as `openapi.yaml`'s pattern is, so that a combining mark cannot hide an `@` or a dot.
    public static func isEmail(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard emailLength.contains(scalars.count), !scalars.contains(where: \.properties.isWhitespace) else {
            return false
        }
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// Whether `text` is blank: every code point of it white space (Unicode's White_Space), as
    /// `openapi.yaml`'s `Text` pattern states.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// Appends an error for `field` when `text` is blank or its length in characters is outside `range`.
    public static func check(
        _ text: String, _ field: String, _ range: ClosedRange<Int>, into errors: inout [FieldError]
    ) {
        let length = text.unicodeScalars.count  // code points, as JSON Schema's maxLength counts
        if length < range.lowerBound || isBlank(text) {
            errors.append(FieldError(field, "must not be empty"))
        } else if length > range.upperBound {
            errors.append(FieldError(field, "must be at most \(range.upperBound) characters"))
        }
    }
}
