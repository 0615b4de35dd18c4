import RedressDomain

/// A complaint as intake takes it: its content checked (`ComplaintRules.validate`), its
/// complainant's phone in E.164, and its text searched by the priority rules, all before the write,
/// so that the writer thread does only what needs the database. Only `init` makes one, and only
/// from a draft that passes.
public struct Intake: Sendable {
    /// The draft as it will be stored.
    public let draft: ComplaintDraft
    /// The word rule the text meets, when the caller gave no priority.
    let match: PriorityMatcher.Match?
    /// The cluster rule in force when the text was searched, applied inside the write.
    let cluster: ClusterRule

    /// `draft` made ready for registration at `now` under `settings` and the priority rules
    /// `rules`; refused as invalid with every field in error.
    public init(
        _ draft: ComplaintDraft, settings: Settings, rules: PriorityMatcher = .defaults,
        now: Instant
    ) throws(Refusal) {
        var draft = draft
        var errors = ComplaintRules.validate(draft, now: now)
        if errors.isEmpty, let error = ComplaintRules.normalisePhone(of: &draft.complainant, settings: settings) {
            errors.append(error)
        }
        guard errors.isEmpty else { throw .invalid(errors) }
        self.draft = draft
        match = PriorityRules.match(of: draft, with: rules)
        cluster = rules.ruleSet.cluster
    }
}
