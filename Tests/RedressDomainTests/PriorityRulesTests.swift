import Testing
import RedressDomain

@Suite struct PriorityRulesTests {
    @Test(arguments: [
        ("热水器漏电，孩子差点受伤", "safety or injury"),
        ("The heater caught fire in the kitchen", "safety or injury"),
        ("My son was INJURED by the blade", "safety or injury"),
        ("这是诈骗！", "fraud"),
        ("This is a scam", "fraud"),
        ("我已经联系了律师", "legal action"),
        ("I will take you to court", "legal action"),
        ("我要找媒体曝光", "media exposure"),
        ("I have contacted a journalist", "media exposure"),
        ("我要向消协投诉", "regulator or consumer association"),
        ("Reporting you to the consumer council", "regulator or consumer association"),
        ("已拨打12315", "regulator or consumer association"),
        ("We got an Electric  shock!", "safety or injury"),
        ("Danger—the lid flew off", "safety or injury"),
        ("厨房里Fire了", "safety or injury"),
    ])
    func criticalWordsMakeAComplaintCritical(text: String, topic: String) {
        let decision = PriorityRules.decide(
            given: nil, title: "Complaint", description: text, channel: .phone, repeatOf: nil)
        #expect(decision.priority == .critical)
        #expect(decision.reason.contains(topic))
    }

    @Test(arguments: [
        "There is an issue with my invoice",
        "The food court was closed",
        "Bad news: the parcel is late",
        "I pursued this for weeks",
        "快递送晚了两天",
    ])
    func ordinaryWordsDoNotTriggerCriticalRules(text: String) {
        #expect(PriorityMatcher.defaults.match(in: text) == nil)
    }

    @Test func socialMediaIsAtLeastHigh() {
        let decision = PriorityRules.decide(
            given: nil, title: "Late", description: "Late again", channel: .socialMedia, repeatOf: nil)
        #expect(decision.priority == .high)
        #expect(decision.reason == "received through social media")
    }

    @Test(arguments: [
        (Channel.phone, "late", Priority.high),
        (Channel.socialMedia, "late", Priority.critical),
        (Channel.phone, "burned", Priority.critical),
    ])
    func aRepeatGoesUpOneLevel(channel: Channel, text: String, expected: Priority) {
        let previous = CaseNumber(month: "202610", serial: 7)
        let decision = PriorityRules.decide(
            given: nil, title: "t", description: text, channel: channel, repeatOf: previous)
        #expect(decision.priority == expected)
        #expect(decision.reason.contains("repeat of 202610-0007"))
    }

    @Test func theSubmittersChoiceWins() {
        let decision = PriorityRules.decide(
            given: .normal, title: "fire", description: "fire", channel: .socialMedia,
            repeatOf: CaseNumber(month: "202610", serial: 1))
        #expect(decision == (.normal, "set at intake"))
    }

    @Test func aDraftIsSearchedForRuleWordsOnlyWithoutAChosenPriority() {
        var draft = ComplaintDraft(
            channel: .phone, title: "Heater", description: "热水器漏电，差点触电",
            complainant: Complainant(name: "王芳", phone: "13800138000"), subject: Subject(type: .product))
        #expect(PriorityRules.match(of: draft)?.word == "触电")
        draft.priority = .high
        #expect(PriorityRules.match(of: draft) == nil)
    }

    @Test func otherwiseNormal() {
        let decision = PriorityRules.decide(
            given: nil, title: "Cold soup", description: "It was cold", channel: .web, repeatOf: nil)
        #expect(decision.priority == .normal)
    }
}
