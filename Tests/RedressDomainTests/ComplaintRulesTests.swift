import Testing
import RedressDomain

@Suite struct ComplaintRulesTests {
    let now = Instant(rfc3339: "2026-11-22T05:40:17Z")!

    func draft(_ change: (inout ComplaintDraft) -> Void = { _ in }) -> ComplaintDraft {
        var draft = ComplaintDraft(
            channel: .phone, title: "Washing machine leaks", description: "Water on the floor after every wash.",
            complainant: Complainant(name: "王芳", phone: "+86 138-0013-8000"),
            subject: Subject(type: .product, ref: "WM-200")
        )
        change(&draft)
        return draft
    }

    @Test func aCompleteDraftIsValid() {
        #expect(ComplaintRules.validate(draft(), now: now).isEmpty)
    }

    @Test(arguments: [
        ("title", "must not be empty"),
        ("description", "must be at most 20000 characters"),
        ("complainant", "give a phone number or an email address (or both)"),
        ("complainant.email", "must be an email address such as name@example.com"),
        ("complainant.phone", "must be a phone number: digits, optionally a leading +, spaces, dashes or parentheses"),
        ("received_at", "must be from 2000-01-01T00:00:00Z to 5 minutes from now"),
        ("tags", "at most 20 tags"),
        ("tags[1]", "must not be empty"),
        ("external_ref", "must be at most 255 characters"),
    ])
    func eachBrokenRuleNamesItsField(field: String, message: String) {
        let broken = draft { draft in
            switch field {
            case "title": draft.title = "   "
            case "description": draft.description = String(repeating: "x", count: 20_001)
            case "complainant": draft.complainant.phone = nil
            case "complainant.email": draft.complainant.email = "not an email"
            case "complainant.phone": draft.complainant.phone = "call me maybe"
            case "received_at": draft.receivedAt = now.adding(seconds: 301)
            case "tags": draft.tags = (1...21).map { "t\($0)" }
            case "tags[1]": draft.tags = ["ok", ""]
            default: draft.externalRef = String(repeating: "r", count: 256)
            }
        }
        #expect(ComplaintRules.validate(broken, now: now) == [FieldError(field, message)])
    }

    @Test(arguments: [
        ("0001-01-01T00:00:00Z", false),
        ("1999-12-31T23:59:59Z", false),
        ("2000-01-01T00:00:00Z", true),
        ("2026-10-23T05:40:17Z", true),
        ("2026-11-22T05:40:17Z", true),
        ("2026-11-22T05:45:17Z", true),
        ("2026-11-22T05:45:18Z", false),
        ("9999-12-31T23:59:59Z", false),
    ])
    func receivedAtIsTakenFrom2000UntilFiveMinutesAheadOfTheClock(receivedAt: String, taken: Bool) throws {
        let instant = try #require(Instant(rfc3339: receivedAt))
        #expect(ComplaintRules.validate(draft { $0.receivedAt = instant }, now: now).isEmpty == taken)
    }

    @Test func blankAndEmailAreJudgedOnCodePointsAsTheContractsPatternsAre() {
        // A combining mark after a space is not white space, though Swift counts the pair as one
        // blank Character; after an `@` it does not hide the `@`.
        #expect(ComplaintRules.validate(draft { $0.title = " \u{301}" }, now: now).isEmpty)
        #expect(ComplaintRules.isBlank(" \u{3000}\t\n"))
        #expect(ComplaintRules.isEmail("name@\u{301}example.com"))
        #expect(!ComplaintRules.isEmail("name@example"))
    }

    @Test func lengthsCountCharactersNotBytes() {
        #expect(ComplaintRules.validate(draft { $0.title = String(repeating: "投", count: 200) }, now: now).isEmpty)
    }
}
