/// A `PriorityRuleSet` ready to search complaints with: every word and negation folded once
/// (`PriorityText`), so that intake only folds the complaint's text and compares bytes.
public struct PriorityMatcher: Sendable {
    /// The rule that decided and the word it found.
    public struct Match: Sendable, Equatable {
        /// The rule's name.
        public let rule: String
        /// The rule's reason.
        public let reason: String
        /// The level it raises to.
        public let level: Priority
        /// The word as the rule writes it.
        public let word: String

        /// What `priority_reason` says: the reason and the word in quotes.
        public var description: String { "\(reason) (\"\(word)\")" }
    }

    // A word as searched for: its folded bytes, with a space either side when it is Latin script
    // (a whole-word match), and how many of those leading bytes come before the word itself.
    private struct Needle: Sendable {
        let word: String
        let bytes: [UInt8]
        let padding: Int

        init(_ word: String) {
            self.word = word
            let trimmed = PriorityText.trimmed(PriorityText.fold(word))
            if trimmed.allSatisfy({ $0 < 0x80 }) {
                bytes = [PriorityText.space] + trimmed + [PriorityText.space]
                padding = 1
            } else {
                bytes = trimmed
                padding = 0
            }
        }
    }

    private struct CompiledRule: Sendable {
        let rule: PriorityRule
        let needles: [Needle]
    }

    /// The rule set searched with.
    public let ruleSet: PriorityRuleSet
    private let rules: [CompiledRule]
    private let negations: [Needle]

    /// The matcher for `ruleSet`, which should be valid (`PriorityRuleSet.validate`); a word that
    /// folds to nothing never matches.
    public init(_ ruleSet: PriorityRuleSet) {
        self.ruleSet = ruleSet
        rules = ruleSet.rules.map { rule in
            CompiledRule(rule: rule, needles: rule.words.map(Needle.init).filter { $0.bytes.count > 2 * $0.padding })
        }
        negations = ruleSet.negations.map(Needle.init).filter { $0.bytes.count > 2 * $0.padding }
    }

    /// The matcher for the default rules.
    public static let defaults = PriorityMatcher(.defaults)

    /// The rule that decides a complaint's priority from its text: of the rules whose word the text
    /// mentions without a negation before it, the first at the highest level; nil when none does.
    public func match(title: String, description: String) -> Match? {
        guard !rules.isEmpty else { return nil }
        let titleText = PriorityText.fold(title)
        let descriptionText = PriorityText.fold(description)
        var best: Match?
        for compiled in rules {
            if let best, compiled.rule.level <= best.level { continue }
            let texts: [[UInt8]] =
                switch compiled.rule.field {
                case .title: [titleText]
                case .description: [descriptionText]
                case .any: [titleText, descriptionText]
                }
            guard let word = firstWord(of: compiled.needles, in: texts) else { continue }
            best = Match(rule: compiled.rule.name, reason: compiled.rule.reason, level: compiled.rule.level, word: word)
            if compiled.rule.level == .critical { break }
        }
        return best
    }

    /// The match in one text, as if it were a description alone.
    public func match(in text: String) -> Match? {
        match(title: "", description: text)
    }

    private func firstWord(of needles: [Needle], in texts: [[UInt8]]) -> String? {
        for needle in needles {
            for text in texts where occursUnnegated(needle, in: text) {
                return needle.word
            }
        }
        return nil
    }

    // Whether `needle` occurs in `text` at least once without a negation shortly before it.
    private func occursUnnegated(_ needle: Needle, in text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { text in
            needle.bytes.withUnsafeBufferPointer { bytes in
                var from = 0
                while let found = Self.find(bytes, in: text, from: from) {
                    if !isNegated(at: found + needle.padding, in: text) { return true }
                    from = found + 1
                }
                return false
            }
        }
    }

    // Whether a negation ends within the window before `start`.
    private func isNegated(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !negations.isEmpty else { return false }
        let earliest = Self.windowStart(before: start, in: text)
        for negation in negations {
            // The negation's own end (its bytes' end less any trailing space) falls in earliest...start.
            let length = negation.bytes.count
            let lowest = max(0, earliest - length + negation.padding)
            let highest = min(start - length + negation.padding, text.count - length)
            guard lowest <= highest else { continue }
            let found = negation.bytes.withUnsafeBufferPointer { bytes in
                (lowest...highest).contains { at in Self.matches(bytes, in: text, at: at) }
            }
            if found { return true }
        }
        return false
    }

    // The earliest place a negation may end for a word starting at `start`: walking back over at
    // most the window's characters and Latin words, stopping at a clause break.
    private static func windowStart(before start: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var index = start
        var characters = 0
        var words = 0
        while index > 0 {
            let byte = text[index - 1]
            if byte == PriorityText.space {
                index -= 1
            } else if byte == PriorityText.clauseBreak {
                break
            } else if byte < 0x80 {
                words += 1
                if words > PriorityRuleSet.negationWindowWords { break }
                index -= 1
                while index > 0, text[index - 1] < 0x80, text[index - 1] != PriorityText.space,
                    text[index - 1] != PriorityText.clauseBreak
                {
                    index -= 1
                }
            } else {
                characters += 1
                if characters > PriorityRuleSet.negationWindowCharacters { break }
                index -= 1
                while index > 0, text[index] & 0xC0 == 0x80 { index -= 1 }  // back to the character's first byte
            }
        }
        return index
    }

    // The first place at or after `from` where `needle` occurs in `haystack`.
    private static func find(
        _ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int
    ) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        let last = haystack.count - needle.count
        var index = from
        while index <= last {
            if haystack[index] == first, matches(needle, in: haystack, at: index) { return index }
            index += 1
        }
        return nil
    }

    private static func matches(
        _ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, at index: Int
    ) -> Bool {
        var offset = 0
        while offset < needle.count {
            if haystack[index + offset] != needle[offset] { return false }
            offset += 1
        }
        return true
    }
}
