import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// The priority rules in force with their version, which is their entity tag, and the matcher
/// intake searches with.
struct PriorityRuleBook: Sendable {
    /// 1 for the defaults; one more with each change.
    let version: Int
    /// The rules, ready to search.
    let matcher: PriorityMatcher

    /// The rules.
    var rules: PriorityRuleSet { matcher.ruleSet }

    /// `"3"` for version 3.
    var etag: String { "\"\(version)\"" }

    /// The defaults, before any change.
    static let defaults = PriorityRuleBook(version: Casework.defaultPriorityRulesVersion, matcher: .defaults)
}

/// The priority rules as `GET/PUT /v1/priority-rules` show them and as the `settings` table stores
/// them: one JSON document, so that a stored document is read exactly as a request body is.
///
/// `{version, rules: [{name, reason, level, field, words}], negations, cluster: {enabled, count,
/// window_hours, level}}`; `version` is read-only.
enum PriorityRulesJSON {
    /// The document for `rules` at `version`.
    static func encode(_ rules: PriorityRuleSet, version: Int) -> [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.field("version", version)
        json.key("rules")
        json.beginArray()
        for rule in rules.rules {
            json.beginObject()
            json.field("name", rule.name)
            json.field("reason", rule.reason)
            json.field("level", rule.level.rawValue)
            json.field("field", rule.field.rawValue)
            json.key("words")
            strings(rule.words, into: &json)
            json.endObject()
        }
        json.endArray()
        json.key("negations")
        strings(rules.negations, into: &json)
        json.key("cluster")
        json.beginObject()
        json.field("enabled", rules.cluster.enabled)
        json.field("count", rules.cluster.count)
        json.field("window_hours", rules.cluster.windowHours)
        json.field("level", rules.cluster.level.rawValue)
        json.endObject()
        json.endObject()
        return json.bytes
    }

    /// The rule set a body describes: every member required but a rule's `field` (`any` when
    /// absent or null) and the read-only `version`, which is ignored whatever it holds. Unknown members, wrong types and
    /// control characters are recorded in the body's errors; nil when any member is missing or
    /// unreadable. `PriorityRuleSet.validate` judges the values.
    static func read(_ body: inout RequestBody) -> PriorityRuleSet? {
        body.rejectUnknown(["version", "rules", "negations", "cluster"])
        let rules = body.objects("rules", required: true) { rule -> PriorityRule? in
            rule.rejectUnknown(["name", "reason", "level", "field", "words"])
            let name = rule.string("name", required: true)
            let reason = rule.string("reason", required: true)
            let level: Priority? = rule.choice("level", required: true)
            let field: PriorityRule.Field?
            switch rule.value("field") {
            case nil, .null?: field = .any
            default: field = rule.choice("field")
            }
            let words = rule.strings("words", required: true)
            guard let name, let reason, let level, let field, let words else { return nil }
            return PriorityRule(name: name, reason: reason, level: level, field: field, words: words)
        }
        let negations = body.strings("negations", required: true)
        let cluster = body.object("cluster", required: true) { cluster -> ClusterRule? in
            cluster.rejectUnknown(["enabled", "count", "window_hours", "level"])
            let enabled = cluster.bool("enabled", required: true)
            let count = cluster.integer("count", required: true, in: range(PriorityRuleSet.clusterCounts))
            let hours = cluster.integer("window_hours", required: true, in: range(PriorityRuleSet.clusterWindowHours))
            let level: Priority? = cluster.choice("level", required: true)
            guard let enabled, let count, let hours, let level else { return nil }
            return ClusterRule(enabled: enabled, count: Int(count), windowHours: Int(hours), level: level)
        }
        guard body.errors.isEmpty, let rules, let negations, let cluster else { return nil }
        return PriorityRuleSet(rules: rules.compactMap { $0 }, negations: negations, cluster: cluster)
    }

    /// The rules a stored document describes, with its version.
    static func decode(stored text: String) throws -> PriorityRuleBook {
        do {
            var body = try RequestBody.parse(json: Array(text.utf8))
            let version = try Casework.version(ofStoredRules: text)
            let rules = read(&body)
            try body.validate()
            guard let rules, rules.validate().isEmpty else { throw StoreError.corrupt("invalid rules") }
            return PriorityRuleBook(version: version, matcher: PriorityMatcher(rules))
        } catch {
            throw StoreError.corrupt("priority rules '\(text.prefix(200))': \(error)")
        }
    }

    private static func range(_ range: ClosedRange<Int>) -> ClosedRange<Int64> {
        Int64(range.lowerBound)...Int64(range.upperBound)
    }

    private static func strings(_ values: [String], into json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }
}
