/// One rule that raises a new complaint's priority when its text mentions one of the rule's words
/// (`GET/PUT /v1/priority-rules`): the words, where it looks, the level it raises to and the reason
/// `priority_reason` shows.
///
/// A word written in ASCII alone (`fire`, `electric shock`, `12315`) matches whole words, ignoring
/// case and the punctuation and spacing between them; any other word (`受伤`, `投诉到12315`) matches
/// wherever it stands, as written (ASCII letters in it ignoring case). An occurrence that a negation
/// (`PriorityRuleSet.negations`) shortly precedes does not count; another occurrence still does.
public struct PriorityRule: Sendable, Equatable {
    /// The part of a complaint a rule reads.
    public enum Field: String, Sendable, CaseIterable {
        /// The title only.
        case title
        /// The description only.
        case description
        /// The title or the description.
        case any
    }

    /// A short, unique name: 1 to 50 lower-case ASCII letters, digits, `_` or `-`.
    public var name: String
    /// What `priority_reason` says when the rule decides, followed by the word that matched in
    /// quotes: `mentions safety or injury ("受伤")`.
    public var reason: String
    /// The level the rule raises to: high or critical.
    public var level: Priority
    /// Where the rule looks.
    public var field: Field
    /// The words and phrases, in any language.
    public var words: [String]

    /// A rule from all its parts.
    public init(name: String, reason: String, level: Priority, field: Field = .any, words: [String]) {
        self.name = name
        self.reason = reason
        self.level = level
        self.field = field
        self.words = words
    }
}

/// The cluster rule: many open complaints about one subject within a short time ("many customers
/// have the same problem") make the next one more urgent.
public struct ClusterRule: Sendable, Equatable {
    /// Whether the rule applies at all.
    public var enabled: Bool
    /// How many open complaints with the same `subject.ref`, the new one included, raise it.
    public var count: Int
    /// How far back from the new complaint's `received_at` the others count, in hours.
    public var windowHours: Int
    /// The level it raises to: high or critical.
    public var level: Priority

    /// A cluster rule from all its parts.
    public init(enabled: Bool, count: Int, windowHours: Int, level: Priority) {
        self.enabled = enabled
        self.count = count
        self.windowHours = windowHours
        self.level = level
    }

    /// The raise and its reason when `found` open complaints (the new one included) about
    /// `subjectRef` fall in the window; nil when the rule is off or they are too few.
    public func judge(found: Int, subjectRef: String) -> (level: Priority, reason: String)? {
        guard enabled, found >= count else { return nil }
        return (level, "\(found) open complaints about \(subjectRef) in \(windowHours) hours")
    }
}

/// Everything that sets a new complaint's priority from its content: the word rules, the negations
/// that silence a word, and the cluster rule. Administrators read and replace it as one document.
public struct PriorityRuleSet: Sendable, Equatable {
    /// The word rules, in order: the highest level any of them reaches wins, the first rule in
    /// this order among those at that level giving the reason.
    public var rules: [PriorityRule]
    /// Words that, ending shortly before a rule's word, say it did not happen ("没有人受伤",
    /// "no one was hurt"): at most `negationWindowCharacters` characters of other scripts and
    /// `negationWindowWords` Latin words between them, within one clause.
    public var negations: [String]
    /// The cluster rule.
    public var cluster: ClusterRule

    /// A rule set from all its parts.
    public init(rules: [PriorityRule], negations: [String], cluster: ClusterRule) {
        self.rules = rules
        self.negations = negations
        self.cluster = cluster
    }

    /// Characters (Chinese and other non-Latin script) that may stand between a negation and a word it silences.
    public static let negationWindowCharacters = 4
    /// Latin-script words that may stand between a negation and a word it silences.
    public static let negationWindowWords = 3

    /// The most rules a set holds.
    public static let maxRules = 100
    /// The most words one rule holds.
    public static let maxWordsPerRule = 200
    /// The most words all rules hold together, which bounds the work intake does per complaint.
    public static let maxWords = 1_000
    /// The most negations.
    public static let maxNegations = 100
    /// The longest word or negation, in characters.
    public static let maxWordLength = 50
    /// The longest reason, in characters.
    public static let maxReasonLength = 200
    /// The range of a cluster's count.
    public static let clusterCounts = 2...1_000
    /// The range of a cluster's window, in hours (a year at most).
    public static let clusterWindowHours = 1...8_760

    /// Every rule the set breaks, under the paths of the document's fields (`rules[2].words`,
    /// `rules[0].words[3]`, `negations[1]`, `cluster.count`); empty when it can be used.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if rules.count > Self.maxRules {
            errors.append(FieldError("rules", "must hold at most \(Self.maxRules) rules"))
        }
        var names: [String: Int] = [:]
        var total = 0
        for (index, rule) in rules.enumerated() {
            let path = "rules[\(index)]"
            if !Self.isName(rule.name) {
                errors.append(
                    FieldError(path + ".name", "must be 1 to 50 lower-case ASCII letters, digits, '_' or '-'"))
            } else if let first = names[rule.name] {
                errors.append(FieldError(path + ".name", "must be unique; rules[\(first)] has the same name"))
            } else {
                names[rule.name] = index
            }
            ComplaintRules.check(rule.reason, path + ".reason", 1...Self.maxReasonLength, into: &errors)
            if rule.level == .normal {
                errors.append(FieldError(path + ".level", "must be high or critical"))
            }
            if rule.words.isEmpty {
                errors.append(FieldError(path + ".words", "must hold at least one word"))
            } else if rule.words.count > Self.maxWordsPerRule {
                errors.append(FieldError(path + ".words", "must hold at most \(Self.maxWordsPerRule) words"))
            }
            total += rule.words.count
            Self.checkWords(rule.words, path + ".words", into: &errors)
        }
        if total > Self.maxWords {
            errors.append(FieldError("rules", "must hold at most \(Self.maxWords) words in all; these hold \(total)"))
        }
        if negations.count > Self.maxNegations {
            errors.append(FieldError("negations", "must hold at most \(Self.maxNegations) words"))
        }
        Self.checkWords(negations, "negations", into: &errors)
        if !Self.clusterCounts.contains(cluster.count) {
            errors.append(
                FieldError(
                    "cluster.count", "must be from \(Self.clusterCounts.lowerBound) to \(Self.clusterCounts.upperBound)"
                ))
        }
        if !Self.clusterWindowHours.contains(cluster.windowHours) {
            errors.append(
                FieldError(
                    "cluster.window_hours",
                    "must be from \(Self.clusterWindowHours.lowerBound) to \(Self.clusterWindowHours.upperBound)"))
        }
        if cluster.level == .normal {
            errors.append(FieldError("cluster.level", "must be high or critical"))
        }
        return errors
    }

    /// Whether `text` is a rule name: 1 to 50 of `a-z`, `0-9`, `_`, `-`.
    public static func isName(_ text: String) -> Bool {
        (1...50).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D
            }
    }

    // Each word: not blank, at most `maxWordLength` characters, something to match once folded
    // (a letter, a digit or an ideograph), no punctuation that ends a clause (a match never spans
    // one), and not the same as an earlier word once folded.
    private static func checkWords(_ words: [String], _ path: String, into errors: inout [FieldError]) {
        var seen: [[UInt8]: Int] = [:]
        for (index, word) in words.enumerated() {
            let field = "\(path)[\(index)]"
            let length = word.unicodeScalars.count
            if length == 0 || ComplaintRules.isBlank(word) {
                errors.append(FieldError(field, "must not be empty"))
                continue
            }
            if let error = ControlCharacters.error(in: word, field: field) {
                errors.append(error)
                continue
            }
            if length > maxWordLength {
                errors.append(FieldError(field, "must be at most \(maxWordLength) characters"))
                continue
            }
            let folded = PriorityText.fold(word)
            if folded.contains(PriorityText.clauseBreak) {
                errors.append(
                    FieldError(field, "must not contain punctuation that ends a clause (. , ; : ! ? 。 ， ； ： ！ ？ 、)"))
                continue
            }
            let trimmed = PriorityText.trimmed(folded)
            if trimmed.isEmpty {
                errors.append(FieldError(field, "must contain a letter, a digit or an ideograph"))
                continue
            }
            if let first = seen[trimmed] {
                errors.append(FieldError(field, "repeats \(path)[\(first)]"))
                continue
            }
            seen[trimmed] = index
        }
    }
}
