/// The policies in force, validated, with the calendars they count in: an ordered list where the
/// first policy that matches a complaint applies, over the default policies from `Settings`, which
/// match every complaint. Only `validated` makes one.
public struct SLAPolicyList: Sendable {
    /// The administrator's policies, in order.
    public let policies: [SLAPolicy]
    /// Today's limits, after them (`SLAPolicy.defaults(from:)`).
    public let defaults: [SLAPolicy]
    private let calendars: [String: WorkingCalendar]
    /// The share of each clock's counted time after which it is at risk (the settings').
    public let atRiskRatio: Double

    /// Most policies in a list.
    public static let maxPolicies = 200

    private init(
        policies: [SLAPolicy], defaults: [SLAPolicy], calendars: [String: WorkingCalendar], atRiskRatio: Double
    ) {
        self.policies = policies
        self.defaults = defaults
        self.calendars = calendars
        self.atRiskRatio = atRiskRatio
    }

    /// Today's limits alone (`SLAPolicy.defaults(from:)`), counted in the 24×7 calendar in `zone`:
    /// what applies until an administrator sets policies.
    public static func defaults(from settings: Settings, zone: ZoneRules = .utc) -> SLAPolicyList {
        SLAPolicyList(
            policies: [], defaults: SLAPolicy.defaults(from: settings),
            calendars: [WorkingCalendar.twentyFourSevenKey: .twentyFourSeven(zone: zone)],
            atRiskRatio: settings.atRiskRatio)
    }

    /// The calendar `key` names, or the 24×7 one when none has that key (a calendar a due date
    /// was counted in, since replaced by a list without it).
    public func calendar(_ key: String) -> WorkingCalendar {
        calendars[key] ?? calendars[WorkingCalendar.twentyFourSevenKey] ?? .twentyFourSeven()
    }

    /// The list of `policies` over the defaults from `settings`, counting in `calendars` (plus the
    /// 24×7 calendar, in `zone`, unless one of them has its key); throws every problem, each naming
    /// its field: a name missing or used twice (`policies[1].name`), a category,
    /// department or calendar not among those known (`policies[2].match.category[0]`,
    /// `policies[2].match.department[0]`, `policies[2].department_targets.sales`,
    /// `policies[2].calendar`), an empty region or tag, a policy that sets nothing.
    public static func validated(
        _ policies: [SLAPolicy], defaultsFrom settings: Settings, calendars: [WorkingCalendar],
        categories: Set<String>, departments: Set<String>,
        zone: ZoneRules = .utc
    ) throws(InvalidFields) -> SLAPolicyList {
        var known: [String: WorkingCalendar] = [WorkingCalendar.twentyFourSevenKey: .twentyFourSeven(zone: zone)]
        for calendar in calendars { known[calendar.key] = calendar }
        let defaults = SLAPolicy.defaults(from: settings)
        var errors: [FieldError] = []
        if policies.count > maxPolicies {
            errors.append(FieldError("policies", "must list at most \(maxPolicies) policies"))
        }
        var names: [String: Int] = [:]
        for policy in defaults { names[policy.name] = -1 }
        for (index, policy) in policies.enumerated() {
            let path = "policies[\(index)]"
            if !(1...100).contains(policy.name.count) || policy.name.allSatisfy(\.isWhitespace) {
                errors.append(FieldError(path + ".name", "must be 1 to 100 characters, not all spaces"))
            } else if let other = names[policy.name] {
                errors.append(
                    FieldError(
                        path + ".name",
                        other < 0
                            ? "'\(policy.name)' is the name of a default policy"
                            : "is already the name of policies[\(other)]"))
            } else {
                names[policy.name] = index
            }
            let match = policy.match
            for (position, category) in match.categories.enumerated() where !categories.contains(category) {
                errors.append(
                    FieldError("\(path).match.category[\(position)]", "'\(category)' is not a known category"))
            }
            for (position, department) in match.departments.enumerated() where !departments.contains(department) {
                errors.append(
                    FieldError("\(path).match.department[\(position)]", "'\(department)' is not a known department"))
            }
            for (position, region) in match.regions.enumerated() where region.isEmpty {
                errors.append(FieldError("\(path).match.region[\(position)]", "must not be empty"))
            }
            for (field, tags) in [("tags_any", match.tagsAny), ("tags_all", match.tagsAll)] {
                for (position, tag) in tags.enumerated() where tag.isEmpty {
                    errors.append(FieldError("\(path).match.\(field)[\(position)]", "must not be empty"))
                }
            }
            if known[policy.calendar] == nil {
                errors.append(FieldError(path + ".calendar", "'\(policy.calendar)' is not a known calendar"))
            }
            for department in policy.departmentTargets.keys.sorted() where !departments.contains(department) {
                errors.append(
                    FieldError("\(path).department_targets.\(department)", "'\(department)' is not a known department"))
            }
            if policy.targets.isEmpty && policy.departmentTargets.isEmpty {
                errors.append(FieldError(path + ".targets", "must set a target for at least one clock or department"))
            }
        }
        guard errors.isEmpty else { throw InvalidFields(errors) }
        return SLAPolicyList(
            policies: policies, defaults: defaults, calendars: known, atRiskRatio: settings.atRiskRatio)
    }

    /// The due dates of a complaint with `facts` whose clocks started at `moments`, with `paused`
    /// taken into account: each clock from the first matching policy that sets it, and the
    /// department limit from the first that sets one for its department. `atRiskRatio` is the
    /// share of each clock's counted time after which it is at risk (by default the settings').
    public func evaluate(
        _ facts: SLAFacts, moments: SLAMoments, paused: [Pause] = [],
        atRiskRatio: Double? = nil
    ) -> SLAEvaluation {
        let atRiskRatio = atRiskRatio ?? self.atRiskRatio
        let matching = (policies + defaults).filter { $0.match.matches(facts) }
        func due(_ policy: SLAPolicy, _ target: TimeLimitTarget, from start: Instant) -> SLAEvaluation.Due {
            let calendar = calendars[policy.calendar] ?? .twentyFourSeven()
            let dueAt = TimeLimits.due(start: start, target: target, calendar: calendar, paused: paused)
            let working = target.unit.countsWorkingTime
            return SLAEvaluation.Due(
                policy: policy.name, target: target, calendar: calendar.key, startedAt: start, dueAt: dueAt,
                atRiskAt: TimeLimits.atRiskMoment(
                    start: start, due: dueAt, ratio: atRiskRatio, workingTime: working,
                    calendar: calendar, paused: paused),
                pausedFor: TimeLimits.pausedFor(
                    from: start, to: dueAt, workingTime: working, calendar: calendar, paused: paused)
            )
        }
        var clocks: [SLAClock: SLAEvaluation.Due] = [:]
        for clock in SLAClock.allCases {
            guard let start = clock == .followUp ? moments.resolvedAt : moments.receivedAt,
                let policy = matching.first(where: { $0.targets[clock] != nil }),
                let target = policy.targets[clock]
            else { continue }
            clocks[clock] = due(policy, target, from: start)
        }
        var department: SLAEvaluation.Due?
        if let name = facts.department, let since = moments.assignedToDepartmentAt,
            let policy = matching.first(where: { $0.departmentTargets[name] != nil }),
            let target = policy.departmentTargets[name]
        {
            department = due(policy, target, from: since)
        }
        return SLAEvaluation(policy: matching.first?.name ?? "", clocks: clocks, department: department)
    }
}

/// When a complaint's clocks started.
public struct SLAMoments: Sendable, Equatable {
    /// When it was received: first contact, investigation report and resolution count from here.
    public var receivedAt: Instant
    /// When it was resolved: the follow-up counts from here; nil until then (no follow-up due).
    public var resolvedAt: Instant?
    /// When it was assigned to its current department: the department limit counts from here.
    public var assignedToDepartmentAt: Instant?

    /// The moments given.
    public init(receivedAt: Instant, resolvedAt: Instant? = nil, assignedToDepartmentAt: Instant? = nil) {
        self.receivedAt = receivedAt
        self.resolvedAt = resolvedAt
        self.assignedToDepartmentAt = assignedToDepartmentAt
    }
}

/// A complaint's time limits with their reasons (`sla.policy`, and per clock `due_at`, `target`,
/// `calendar`, `paused_for`).
public struct SLAEvaluation: Sendable, Equatable {
    /// One clock's due date and where it comes from.
    public struct Due: Sendable, Equatable {
        /// The policy that set it.
        public var policy: String
        public var target: TimeLimitTarget
        /// The key of the calendar it is counted in.
        public var calendar: String
        public var startedAt: Instant
        public var dueAt: Instant
        /// From then on, unmet, it is at risk.
        public var atRiskAt: Instant
        /// Seconds of counted time (working time for working units) the clock was paused for
        /// before it fell due; the due date moved out by as much.
        public var pausedFor: Int64

        /// A due date from its parts.
        public init(
            policy: String, target: TimeLimitTarget, calendar: String, startedAt: Instant, dueAt: Instant,
            atRiskAt: Instant, pausedFor: Int64
        ) {
            self.policy = policy
            self.target = target
            self.calendar = calendar
            self.startedAt = startedAt
            self.dueAt = dueAt
            self.atRiskAt = atRiskAt
            self.pausedFor = pausedFor
        }
    }

    /// The first policy that matched: the one that applies.
    public var policy: String
    /// Each clock that has a due date (the follow-up only once resolved).
    public var clocks: [SLAClock: Due]
    /// The limit of the current department, when a policy sets one.
    public var department: Due?

    /// An evaluation from its parts.
    public init(policy: String, clocks: [SLAClock: Due], department: Due?) {
        self.policy = policy
        self.clocks = clocks
        self.department = department
    }
}
