/// How a complaint's priority is set at intake when the submitter gives none (DOMAIN.md step 4).
/// The words and levels are data (`PriorityRuleSet`, searched by a `PriorityMatcher`); this is the
/// order in which they and the other rules apply.
public enum PriorityRules {
    /// The priority a new complaint gets and the reason, in the order the rules apply: the
    /// submitter's choice; else the word rules (`match`); else at least high from social media;
    /// then at least the cluster rule's level when it found enough (`cluster`); and one level up
    /// for a repeat complaint.
    public static func decide(
        given: Priority?, match: PriorityMatcher.Match?, channel: Channel,
        cluster: (level: Priority, reason: String)? = nil,
        repeatOf: CaseNumber?
    ) -> (priority: Priority, reason: String) {
        if let given {
            return (given, "set at intake")
        }
        var priority = Priority.normal
        var reason = "no rule raised it"
        if let match {
            priority = match.level
            reason = match.description
        }
        if channel == .socialMedia, priority < .high {
            priority = .high
            reason = "received through social media"
        }
        if let cluster, cluster.level > priority {
            reason =
                priority == .normal
                ? cluster.reason : reason + "; raised to \(cluster.level.rawValue) as \(cluster.reason)"
            priority = cluster.level
        }
        if let repeatOf {
            priority = priority.raised
            reason += "; raised one level as a repeat of \(repeatOf)"
        }
        return (priority, reason)
    }

    /// The same under the default rules, searching the title and description itself; no cluster.
    public static func decide(
        given: Priority?, title: String, description: String, channel: Channel,
        repeatOf: CaseNumber?
    ) -> (priority: Priority, reason: String) {
        decide(
            given: given,
            match: given == nil ? PriorityMatcher.defaults.match(title: title, description: description) : nil,
            channel: channel, repeatOf: repeatOf)
    }

    /// The word rule a new complaint's text meets under `matcher`, searched for only when the
    /// submitter chose no priority, since a chosen one wins.
    public static func match(
        of draft: ComplaintDraft, with matcher: PriorityMatcher = .defaults
    ) -> PriorityMatcher.Match? {
        draft.priority == nil ? matcher.match(title: draft.title, description: draft.description) : nil
    }
}
