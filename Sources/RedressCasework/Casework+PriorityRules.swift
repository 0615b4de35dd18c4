import JSON
import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// The key the administrator's priority rules are stored under in the settings table, as one
    /// JSON document carrying its `version`; while nothing is stored the defaults are in force, as
    /// version 1.
    public static let priorityRulesKey = "priority_rules"

    /// The version of the priority rules while the defaults are in force.
    public static let defaultPriorityRulesVersion = 1

    /// Replaces the priority rules with `rules`, which take effect for the next complaint
    /// registered; complaints already registered keep their priority. Refuses an invalid set with
    /// every field in error; then, in one write, reads the version stored, lets `precondition`
    /// refuse it (the caller's `If-Match`), and stores `encode(rules, next version)`. Returns the
    /// new version.
    public func replacePriorityRules(
        _ rules: PriorityRuleSet,
        precondition: @escaping @Sendable (Int) throws -> Void,
        encode: @escaping @Sendable (PriorityRuleSet, Int) -> String
    ) throws -> Int {
        let errors = rules.validate()
        guard errors.isEmpty else { throw Refusal.invalid(errors) }
        return try write { connection in
            let current =
                try connection.setting(Self.priorityRulesKey).map(Self.version(ofStoredRules:))
                ?? Self.defaultPriorityRulesVersion
            try precondition(current)
            try connection.setSetting(encode(rules, current + 1), for: Self.priorityRulesKey)
            return current + 1
        }
    }

    /// The `version` of a stored priority-rules document.
    public static func version(ofStoredRules text: String) throws -> Int {
        guard case .object(let members)? = try? JSONParser.parse(Array(text.utf8)),
            case .int(let version)? = members.first(where: { $0.0 == "version" })?.1, version >= 1
        else {
            throw StoreError.corrupt("priority rules without a version: '\(text.prefix(200))'")
        }
        return Int(version)
    }
}
