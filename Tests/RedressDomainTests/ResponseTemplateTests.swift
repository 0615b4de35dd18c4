import Testing
import RedressDomain

/// Reading, checking and rendering response templates.
@Suite struct ResponseTemplateTests {
    @Test func aBodyReadsIntoTextAndPlaceholdersWithSpacesInsideTheBracesAllowed() throws {
        let text = try TemplateText(parsing: "Dear {{complainant_name}}, case {{ number }} is due {{resolution_due_at}}.")
        #expect(text.segments == [
            .text("Dear "), .placeholder(.complainantName), .text(", case "), .placeholder(.number), .text(" is due "),
            .placeholder(.resolutionDueAt), .text("."),
        ])
        #expect(text.placeholders == [.complainantName, .number, .resolutionDueAt])
    }

    @Test func singleBracesAndAStrayClosingPairAreLiteralText() throws {
        let text = try TemplateText(parsing: "a {b} c }} d")
        #expect(text.segments == [.text("a {b} c }} d")])
        #expect(text.render([:]) == "a {b} c }} d")
    }

    @Test func anUnknownPlaceholderIsNamedWithTheKnownOnes() {
        #expect(throws: TemplateText.Failure.unknownPlaceholders(["customer"])) {
            try TemplateText(parsing: "Hello {{customer}}, about {{number}}")
        }
        let message = TemplateText.Failure.unknownPlaceholders(["customer"]).message
        #expect(message.hasPrefix("names an unknown placeholder {{customer}}; the known ones are {{complainant_name}}, {{number}}"))
    }

    @Test func everyUnknownPlaceholderIsNamedOnce() {
        #expect(throws: TemplateText.Failure.unknownPlaceholders(["a", "b"])) {
            try TemplateText(parsing: "{{a}} {{b}} {{a}} {{title}}")
        }
        #expect(TemplateText.Failure.unknownPlaceholders(["a", "b"]).message.hasPrefix("names unknown placeholders {{a}}, {{b}};"))
    }

    @Test(arguments: ["Hello {{number", "{{", "Dear {{complainant_name}} {{title"])
    func anUnclosedOpeningIsRefused(body: String) {
        #expect {
            try TemplateText(parsing: body)
        } throws: { error in
            guard case .unclosed = error as? TemplateText.Failure else { return false }
            return true
        }
    }

    @Test func anEmptyOrNestedNameIsUnknown() {
        #expect(throws: TemplateText.Failure.unknownPlaceholders(["", "{number"])) {
            try TemplateText(parsing: "{{}} {{{number}}}")
        }
    }

    @Test func renderingFillsEveryPlaceholderAndLeavesAMissingValueEmpty() throws {
        let text = try TemplateText(parsing: "{{title}} / {{assignee}} / {{title}}")
        #expect(text.render([.title: "Leak", .assignee: "张伟"]) == "Leak / 张伟 / Leak")
        #expect(text.render([.title: "Leak"]) == "Leak /  / Leak")
    }

    @Test func aComplaintFillsThePlaceholdersInEitherLanguage() throws {
        var complaint = LifecycleFixture.complaint(.received)
        complaint.resolutionDueAt = try #require(Instant(rfc3339: "2026-11-29T05:40:00Z"))
        let english = TemplatePlaceholder.values(for: complaint, departmentName: nil, language: .english, utcOffset: 8 * 3600)
        #expect(english == [
            .complainantName: "王芳", .number: "202611-0042", .title: "Washing machine leaks",
            .resolutionDueAt: "29 November 2026, 13:40 (UTC+08:00)", .department: "the team responsible",
            .assignee: "our customer care team",
        ])
        let chinese = TemplatePlaceholder.values(for: complaint, departmentName: nil, language: .simplifiedChinese, utcOffset: 0)
        #expect(chinese[.resolutionDueAt] == "2026年11月29日 05:40（UTC）")
        #expect(chinese[.department] == "相关部门")
        #expect(chinese[.assignee] == "我们的客服专员")
    }

    @Test func anAssignedComplaintNamesItsDepartmentAndAssignee() {
        let complaint = LifecycleFixture.complaint(.assigned)
        let named = TemplatePlaceholder.values(for: complaint, departmentName: "After-sales Service", language: .english,
                                               utcOffset: -5 * 3600 - 1800)
        #expect(named[.department] == "After-sales Service")
        #expect(named[.assignee] == "Li Lei")
        #expect(named[.resolutionDueAt] == "28 November 2026, 18:30 (UTC-05:30)")
        let keyOnly = TemplatePlaceholder.values(for: complaint, departmentName: nil, language: .english, utcOffset: 0)
        #expect(keyOnly[.department] == "after_sales")
    }

    @Test(arguments: [
        ("zh-CN", true), ("en", true), ("zh-Hans-CN", true), ("en-GB", true), ("yue", true), ("de-CH-1901", true),
        ("", false), ("e", false), ("english", false), ("zh_CN", false), ("zh-", false), ("zh--CN", false),
        ("zh-CNCNCNCNC", false), ("中文", false), ("12", false),
    ])
    func localesAreLanguageTags(locale: String, valid: Bool) {
        #expect(ResponseTemplate.isLocale(locale) == valid)
    }

    @Test(arguments: [
        ("acknowledgement-zh-CN", true), ("follow_up.en", true), ("a", true), ("7-day", true),
        ("", false), ("-lead", false), ("has space", false), ("slash/key", false), ("模板", false),
        (String(repeating: "k", count: 100), true), (String(repeating: "k", count: 101), false),
    ])
    func keysSitInAPathUnescaped(key: String, valid: Bool) {
        #expect(ResponseTemplate.isKey(key) == valid)
    }

    @Test func validationReportsTheLocaleTheLengthAndThePlaceholders() {
        #expect(ResponseTemplate.validate(locale: "zh-CN", body: "您好，{{complainant_name}}").isEmpty)
        #expect(ResponseTemplate.validate(locale: "chinese", body: "Hi {{name}}") == [
            FieldError("locale", "must be a language tag such as zh-CN or en"),
            FieldError("body", TemplateText.Failure.unknownPlaceholders(["name"]).message),
        ])
        #expect(ResponseTemplate.validate(locale: "en", body: "  ") == [FieldError("body", "must not be empty")])
        #expect(ResponseTemplate.validate(locale: "en", body: String(repeating: "x", count: 5001))
            == [FieldError("body", "must be at most 5000 characters")])
    }
}
