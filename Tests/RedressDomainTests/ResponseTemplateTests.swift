import Testing
import RedressDomain

/// Reading, checking and rendering response templates.
@Suite struct ResponseTemplateTests {
    @Test func aBodyReadsIntoTextAndPlaceholdersWithSpacesInsideTheBracesAllowed() throws {
        let text = try TemplateText(
            parsing: "Dear {{complainant_name}}, case {{ number }} is due {{resolution_due_at}}.")
        #expect(
            text.segments == [
                .text("Dear "), .placeholder(.complainantName), .text(", case "), .placeholder(.number),
                .text(" is due "),
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
        #expect(
            message.hasPrefix(
                "names an unknown placeholder {{customer}}; the known ones are {{complainant_name}}, {{number}}"))
    }

    @Test func everyUnknownPlaceholderIsNamedOnce() {
        #expect(throws: TemplateText.Failure.unknownPlaceholders(["a", "b"])) {
            try TemplateText(parsing: "{{a}} {{b}} {{a}} {{title}}")
        }
        #expect(
            TemplateText.Failure.unknownPlaceholders(["a", "b"]).message.hasPrefix(
                "names unknown placeholders {{a}}, {{b}};"))
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
        let english = TemplatePlaceholder.values(
            for: complaint, departmentName: nil, language: .english, utcOffset: 8 * 3600)
        #expect(
            english == [
                .complainantName: "王芳", .number: "202611-0042", .title: "Washing machine leaks",
                .resolutionDueAt: "29 November 2026, 13:40 (UTC+08:00)", .department: "the team responsible",
                .assignee: "our customer care team", .validityNote: "we will explain our reasons to you separately",
                .proposal: "the remedy we will tell you about shortly", .remedies: "to be decided",
                .amount: "no payment is involved",
                .resolutionNote: "we have done what we agreed",
                .trackingCode: "the code given to you when your complaint was registered",
            ])
        #expect(Set(english.keys) == Set(TemplatePlaceholder.allCases))
        let chinese = TemplatePlaceholder.values(
            for: complaint, departmentName: nil, language: .simplifiedChinese, utcOffset: 0)
        #expect(chinese[.resolutionDueAt] == "2026年11月29日 05:40（UTC）")
        #expect(chinese[.department] == "相关部门")
        #expect(chinese[.assignee] == "我们的客服专员")
    }

    @Test func aProposalIsWordedWithItsMoneyInTheCurrencysOwnDecimals() {
        var complaint = LifecycleFixture.complaint(.proposed)
        complaint.proposal = Complaint.Proposal(
            remedies: [.apology, .refundPartial, .repair], amountMinor: 123_405,
            currency: "CNY", description: "Half back and a repair")
        let english = TemplatePlaceholder.values(for: complaint, departmentName: nil, language: .english, utcOffset: 0)
        #expect(english[.remedies] == "an apology, a partial refund and a repair")
        #expect(english[.amount] == "CNY 1234.05")
        let chinese = TemplatePlaceholder.values(
            for: complaint, departmentName: nil, language: .simplifiedChinese, utcOffset: 0)
        #expect(chinese[.remedies] == "致歉、部分退款、维修")
        #expect(chinese[.amount] == "1234.05 元")
        complaint.proposal?.currency = "JPY"
        complaint.proposal?.amountMinor = 5000
        #expect(
            TemplatePlaceholder.values(for: complaint, departmentName: nil, language: .english, utcOffset: 0)[.amount]
                == "JPY 5000")
        complaint.proposal?.currency = "KWD"
        complaint.proposal?.amountMinor = 7
        #expect(
            TemplatePlaceholder.values(for: complaint, departmentName: nil, language: .english, utcOffset: 0)[.amount]
                == "KWD 0.007")
    }

    @Test func anAssignedComplaintNamesItsDepartmentAndAssignee() {
        let complaint = LifecycleFixture.complaint(.assigned)
        let named = TemplatePlaceholder.values(
            for: complaint, departmentName: "After-sales Service", language: .english,
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
        #expect(
            ResponseTemplate.validate(locale: "chinese", body: "Hi {{name}}") == [
                FieldError("locale", "must be a language tag such as zh-CN or en"),
                FieldError("body", TemplateText.Failure.unknownPlaceholders(["name"]).message),
            ])
        #expect(ResponseTemplate.validate(locale: "en", body: "  ") == [FieldError("body", "must not be empty")])
        #expect(
            ResponseTemplate.validate(locale: "en", body: String(repeating: "x", count: 5001))
                == [FieldError("body", "must be at most 5000 characters")])
    }
}
