/// How a complaint's priority is set at intake when the submitter gives none (DOMAIN.md step 4).
public enum PriorityRules {
    /// A family of words that makes a complaint critical, in Chinese and English.
    public struct CriticalTopic: Sendable {
        /// What the words are about, as `priority_reason` names it.
        public let name: String
        /// English words and phrases, matched as whole words, ignoring case.
        public let english: [String]
        /// Chinese words, matched anywhere in the text.
        public let chinese: [String]
    }

    /// The one list of words that make a complaint critical.
    public static let criticalTopics: [CriticalTopic] = [
        CriticalTopic(
            name: "safety or injury",
            english: ["safety", "unsafe", "danger", "dangerous", "injury", "injuries", "injured", "hurt", "burn", "burned",
                      "burnt", "fire", "smoke", "explosion", "exploded", "electric shock", "electrocuted", "poisoning",
                      "poisoned", "hospital", "hospitalised", "hospitalized", "ambulance", "choked", "bleeding"],
            chinese: ["安全", "危险", "受伤", "伤害", "烫伤", "烧伤", "起火", "着火", "冒烟", "爆炸", "触电", "漏电", "中毒",
                      "住院", "医院", "急救", "流血"]
        ),
        CriticalTopic(
            name: "fraud",
            english: ["fraud", "fraudulent", "scam", "scammed", "cheated", "cheating", "deceived", "counterfeit", "fake"],
            chinese: ["欺诈", "诈骗", "欺骗", "骗子", "假货", "造假"]
        ),
        CriticalTopic(
            name: "legal action",
            english: ["lawyer", "lawyers", "attorney", "solicitor", "lawsuit", "legal action", "to court", "in court",
                      "will sue", "sue you", "sue your", "sue the", "suing"],
            chinese: ["律师", "起诉", "诉讼", "法院", "打官司", "法律途径"]
        ),
        CriticalTopic(
            name: "media exposure",
            english: ["journalist", "journalists", "reporter", "reporters", "newspaper", "the press", "the media",
                      "on the news", "go public", "going public", "expose", "viral"],
            chinese: ["媒体", "记者", "曝光", "电视台", "报社", "上新闻", "热搜"]
        ),
        CriticalTopic(
            name: "consumer association escalation",
            english: ["consumer association", "consumer council", "consumer protection", "ombudsman", "regulator",
                      "12315"],
            chinese: ["消协", "消费者协会", "12315", "市场监管", "工商局", "投诉到监管"]
        ),
    ]

    /// A critical topic a text mentions, and the word that matched.
    public typealias CriticalMatch = (topic: CriticalTopic, word: String)

    /// The priority a new complaint gets and the reason, in the order the rules apply: the
    /// submitter's choice; else critical words; else at least high from social media; else
    /// normal — and one level up for a repeat complaint unless the submitter chose.
    public static func decide(given: Priority?, title: String, description: String, channel: Channel,
                              repeatOf: CaseNumber?) -> (priority: Priority, reason: String) {
        decide(given: given, critical: criticalMatch(title: title, description: description), channel: channel,
               repeatOf: repeatOf)
    }

    /// The same, with the text already searched (`criticalMatch(of:)`), so that intake can search
    /// it before its write transaction and decide inside it, once a repeat is known.
    public static func decide(given: Priority?, critical: CriticalMatch?, channel: Channel,
                              repeatOf: CaseNumber?) -> (priority: Priority, reason: String) {
        if let given {
            return (given, "set at intake")
        }
        var priority = Priority.normal
        var reason = "no rule raised it"
        if let (topic, word) = critical {
            priority = .critical
            reason = "mentions \(topic.name) (\"\(word)\")"
        } else if channel == .socialMedia {
            priority = .high
            reason = "received through social media"
        }
        if let repeatOf {
            priority = priority.raised
            reason += "; raised one level as a repeat of \(repeatOf)"
        }
        return (priority, reason)
    }

    /// The critical topic a new complaint mentions, searched for only when the submitter chose no
    /// priority, since a chosen one wins.
    public static func criticalMatch(of draft: ComplaintDraft) -> CriticalMatch? {
        draft.priority == nil ? criticalMatch(title: draft.title, description: draft.description) : nil
    }

    /// The first critical topic a complaint's title or description mentions.
    public static func criticalMatch(title: String, description: String) -> CriticalMatch? {
        criticalMatch(in: title + "\n" + description)
    }

    /// The first critical topic the text mentions, with the word that matched.
    public static func criticalMatch(in text: String) -> CriticalMatch? {
        // Searching UTF-8 bytes rather than Characters: intake runs this over every complaint, and
        // a byte match of valid UTF-8 is a match of the same characters.
        let bytes = Array(text.utf8)
        let words = englishWords(of: bytes)
        for (topic, needles) in zip(criticalTopics, criticalNeedles) {
            if let (word, _) = needles.chinese.first(where: { contains(bytes, $0.bytes) }) {
                return (topic, word)
            }
            if let (word, _) = needles.english.first(where: { contains(words, $0.bytes) }) {
                return (topic, word)
            }
        }
        return nil
    }

    /// Each topic's words as the bytes searched for: Chinese as UTF-8, English lower-cased
    /// between spaces, as `englishWords(of:)` leaves them.
    private static let criticalNeedles = criticalTopics.map { topic in
        (chinese: topic.chinese.map { (word: $0, bytes: Array($0.utf8)) },
         english: topic.english.map { (word: $0, bytes: Array(" \($0.lowercased()) ".utf8)) })
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        // Over raw buffers: about a hundred needles are tried on every complaint, and checked
        // slices of arrays cost several times the comparisons themselves.
        return haystack.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                let last = haystack.count - needle.count
                var index = 0
                while index <= last {
                    if haystack[index] == first {
                        var matched = 1
                        while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                        if matched == needle.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    // Lower-cased runs of ASCII letters and digits, each between single spaces, so that "sue"
    // matches "Sue!" but not "issue", and "electric shock" matches "Electric  shock".
    private static func englishWords(of text: [UInt8]) -> [UInt8] {
        var words: [UInt8] = [0x20]
        words.reserveCapacity(text.count + 2)
        for byte in text {
            switch byte {
            case 0x41...0x5A: words.append(byte + 0x20)
            case 0x61...0x7A, 0x30...0x39: words.append(byte)
            default: if words.last != 0x20 { words.append(0x20) }
            }
        }
        if words.last != 0x20 { words.append(0x20) }
        return words
    }
}
