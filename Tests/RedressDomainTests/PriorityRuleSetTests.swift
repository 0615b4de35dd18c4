import Testing
import RedressDomain

@Suite struct PriorityRuleSetTests {
    static let matcher = PriorityMatcher.defaults

    @Test(arguments: [
        "幸好没有人受伤",
        "这不是诈骗短信",
        "没有任何安全隐患，只是外观有划痕",
        "我并非想找媒体，只想要个说法",
        "孩子没受伤，玩具坏了",
        "Luckily no one was hurt",
        "This is not a scam, is it?",
        "There was never any danger",
        "Nobody was injured but the door came off",
        "It wasn't dangerous, just loud",
    ])
    func aNegatedWordDoesNotFire(text: String) {
        #expect(Self.matcher.match(in: text) == nil)
    }

    @Test(arguments: [
        ("上次没有人受伤，这次孩子受伤了", "受伤"),
        ("这不是第一次了，孩子又被烫伤", "烫伤"),
        ("没有及时处理导致孩子受伤", "受伤"),
        ("没有。孩子受伤了", "受伤"),
        ("No one was hurt last time? Wrong: my son was hurt today.", "hurt"),
        ("No one checked the wiring and my son got hurt", "hurt"),
        ("I did not expect this, the heater caught fire", "fire"),
    ])
    func anOccurrenceWithoutANegationStillFires(text: String, word: String) {
        #expect(Self.matcher.match(in: text)?.word == word)
    }

    @Test func theNegationWindowIsFourCharactersOrThreeWords() {
        #expect(Self.matcher.match(in: "没有甲乙丙丁受伤") == nil)
        #expect(Self.matcher.match(in: "没有甲乙丙丁戊受伤")?.word == "受伤")
        #expect(Self.matcher.match(in: "not one two three fire") == nil)
        #expect(Self.matcher.match(in: "not one two three four fire")?.word == "fire")
    }

    @Test(arguments: [
        ("我要发抖音曝光", "media"), ("已经投诉到12315", "regulator"), ("找了律师准备起诉", "legal"),
        ("这是虚假宣传", "false-advertising"), ("我的个人信息被泄露了", "privacy"), ("隐私泄露", "privacy"),
        ("I will post it on social media", "media"), ("That is false advertising", "false-advertising"),
        ("a data breach exposed my address", "privacy"), ("Reported to trading standards", "regulator"),
    ])
    func theDefaultsCoverTheNewTopics(text: String, rule: String) {
        #expect(Self.matcher.match(in: text)?.rule == rule)
    }

    @Test func falseAdvertisingAndPrivacyAreHighAndACriticalWordOutranksThem() {
        #expect(Self.matcher.match(in: "虚假宣传")?.level == .high)
        #expect(Self.matcher.match(in: "my personal data was sold")?.level == .high)
        let both = Self.matcher.match(in: "虚假宣传，还泄露了我的个人信息，我要找律师")
        #expect(both?.rule == "legal")
        #expect(both?.description == "mentions legal action (\"律师\")")
    }

    @Test func latinWordsMatchWholeWordsIgnoringCaseAndOtherWordsMatchAnywhere() {
        let set = PriorityRuleSet(
            rules: [
                PriorityRule(name: "mixed", reason: "mixed", level: .high, words: ["Wi-Fi router", "投诉到12315"])
            ], negations: [], cluster: PriorityRuleSet.defaults.cluster)
        let matcher = PriorityMatcher(set)
        #expect(matcher.match(in: "my WI FI  Router died")?.word == "Wi-Fi router")
        #expect(matcher.match(in: "my wi-firouter") == nil)
        #expect(matcher.match(in: "我已投诉到12315号热线")?.word == "投诉到12315")
        #expect(matcher.match(in: "the issue") == nil)
    }

    @Test func aRuleLooksOnlyInItsField() {
        let set = PriorityRuleSet(
            rules: [
                PriorityRule(
                    name: "title-only", reason: "urgent in the title", level: .high, field: .title, words: ["urgent"]),
                PriorityRule(
                    name: "description-only", reason: "recall in the text", level: .critical, field: .description,
                    words: ["recall"]),
            ], negations: [], cluster: PriorityRuleSet.defaults.cluster)
        let matcher = PriorityMatcher(set)
        #expect(matcher.match(title: "URGENT: broken", description: "nothing")?.rule == "title-only")
        #expect(matcher.match(title: "broken", description: "urgent please") == nil)
        #expect(matcher.match(title: "recall", description: "broken") == nil)
        #expect(matcher.match(title: "urgent", description: "is this a recall?")?.rule == "description-only")
    }

    @Test func theFirstRuleAtTheHighestLevelGivesTheReason() {
        let set = PriorityRuleSet(
            rules: [
                PriorityRule(name: "a", reason: "first high", level: .high, words: ["late"]),
                PriorityRule(name: "b", reason: "second high", level: .high, words: ["broken"]),
                PriorityRule(name: "c", reason: "critical", level: .critical, words: ["fire"]),
            ], negations: [], cluster: PriorityRuleSet.defaults.cluster)
        let matcher = PriorityMatcher(set)
        #expect(matcher.match(in: "broken and late")?.rule == "a")
        #expect(matcher.match(in: "broken, late, on fire")?.rule == "c")
        #expect(
            PriorityMatcher(PriorityRuleSet(rules: [], negations: [], cluster: set.cluster)).match(in: "fire") == nil)
    }

    @Test func theDefaultsAreValid() {
        #expect(PriorityRuleSet.defaults.validate() == [])
    }

    @Test func everyBrokenRuleIsNamedByItsPath() {
        let set = PriorityRuleSet(
            rules: [
                PriorityRule(name: "Safety!", reason: " ", level: .normal, words: []),
                PriorityRule(
                    name: "dup", reason: "ok", level: .high,
                    words: ["", "fire", "FIRE", "end.", "--", String(repeating: "x", count: 51), "bad\u{7}"]),
                PriorityRule(name: "dup", reason: "ok", level: .critical, words: ["x"]),
            ], negations: ["没有", "没有"], cluster: ClusterRule(enabled: true, count: 1, windowHours: 0, level: .normal))
        let errors = set.validate()
        #expect(
            errors.map(\.field) == [
                "rules[0].name", "rules[0].reason", "rules[0].level", "rules[0].words",
                "rules[1].words[0]", "rules[1].words[2]", "rules[1].words[3]", "rules[1].words[4]", "rules[1].words[5]",
                "rules[1].words[6]",
                "rules[2].name", "negations[1]", "cluster.count", "cluster.window_hours", "cluster.level",
            ])
        #expect(errors.first { $0.field == "rules[1].words[2]" }?.message == "repeats rules[1].words[1]")
        #expect(errors.first { $0.field == "rules[2].name" }?.message == "must be unique; rules[1] has the same name")
    }

    @Test func theSizesAreCapped() {
        let word = { (index: Int) in "w\(index)" }
        let many = PriorityRuleSet(
            rules: (0..<101).map { PriorityRule(name: "r\($0)", reason: "r", level: .high, words: [word($0)]) },
            negations: (0..<101).map(word), cluster: PriorityRuleSet.defaults.cluster)
        #expect(many.validate().map(\.field) == ["rules", "negations"])
        let wordy = PriorityRuleSet(
            rules: (0..<6).map { rule in
                PriorityRule(
                    name: "r\(rule)", reason: "r", level: .high,
                    words: (0..<(rule == 0 ? 201 : 199)).map { word(rule * 1000 + $0) })
            }, negations: [], cluster: PriorityRuleSet.defaults.cluster)
        #expect(wordy.validate().map(\.field) == ["rules[0].words", "rules"])
    }

    @Test func theClusterRuleNamesTheCount() {
        let rule = ClusterRule(enabled: true, count: 5, windowHours: 24, level: .critical)
        #expect(rule.judge(found: 4, subjectRef: "A-PHONE-X1") == nil)
        let raise = rule.judge(found: 5, subjectRef: "A-PHONE-X1")
        #expect(raise?.level == .critical)
        #expect(raise?.reason == "5 open complaints about A-PHONE-X1 in 24 hours")
        var off = rule
        off.enabled = false
        #expect(off.judge(found: 50, subjectRef: "A-PHONE-X1") == nil)
    }

    @Test func theClusterRaisesAfterTheWordsAndBeforeARepeat() {
        let cluster = (level: Priority.critical, reason: "5 open complaints about X in 24 hours")
        let alone = PriorityRules.decide(given: nil, match: nil, channel: .phone, cluster: cluster, repeatOf: nil)
        #expect(alone == (.critical, "5 open complaints about X in 24 hours"))
        let high = Self.matcher.match(in: "虚假宣传")
        let raised = PriorityRules.decide(given: nil, match: high, channel: .phone, cluster: cluster, repeatOf: nil)
        #expect(
            raised == (
                .critical,
                "mentions false advertising (\"虚假宣传\"); raised to critical as 5 open complaints about X in 24 hours"
            ))
        let lower = PriorityRules.decide(
            given: nil, match: nil, channel: .socialMedia, cluster: (.high, "many"), repeatOf: nil)
        #expect(lower == (.high, "received through social media"))
        let chosen = PriorityRules.decide(given: .normal, match: high, channel: .phone, cluster: cluster, repeatOf: nil)
        #expect(chosen == (.normal, "set at intake"))
    }
}
