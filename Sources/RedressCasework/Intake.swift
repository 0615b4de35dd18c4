import RedressDomain

/// A complaint as intake takes it: its content checked (`ComplaintRules.validate`), its
/// complainant's phone in E.164, and its text searched for critical words, all before the write,
/// so that the writer thread does only what needs the database. Only `init` makes one, and only
/// from a draft that passes.
public struct Intake: Sendable {
    /// The draft as it will be stored.
    public let draft: ComplaintDraft
    /// What made the text critical, when the caller gave no priority.
    let critical: PriorityRules.CriticalMatch?

    /// `draft` made ready for registration at `now` under `settings`; refused as invalid with
    /// every field in error.
    public init(_ draft: ComplaintDraft, settings: Settings, now: Instant) throws(Refusal) {
        var draft = draft
        var errors = ComplaintRules.validate(draft, now: now)
        if errors.isEmpty, let error = ComplaintRules.normalisePhone(of: &draft.complainant, settings: settings) {
            errors.append(error)
        }
        guard errors.isEmpty else { throw .invalid(errors) }
        self.draft = draft
        critical = PriorityRules.criticalMatch(of: draft)
    }
}
