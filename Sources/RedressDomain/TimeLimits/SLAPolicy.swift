/// A clock a policy sets a time limit for. `first_contact` is today's `first_response`.
public enum SLAClock: String, Sendable, CaseIterable, Hashable {
    /// Contact the customer and name the responsible party; counted from receipt.
    case firstContact = "first_contact"
    /// Report the investigation; counted from receipt.
    case investigationReport = "investigation_report"
    /// Resolve the complaint; counted from receipt.
    case resolution
    /// Call the customer back; counted from the resolution.
    case followUp = "follow_up"
}

/// What of a complaint a policy's match looks at.
public struct SLAFacts: Sendable, Equatable {
    public var priority: Priority
    public var category: String?
    public var channel: Channel
    /// The department the complaint is assigned to now.
    public var department: String?
    public var tags: [String]
    /// Where the customer is, such as `domestic` or `overseas`; any string the policies use.
    public var region: String?

    /// Facts from their parts.
    public init(
        priority: Priority, category: String? = nil, channel: Channel, department: String? = nil,
        tags: [String] = [], region: String? = nil
    ) {
        self.priority = priority
        self.category = category
        self.channel = channel
        self.department = department
        self.tags = tags
        self.region = region
    }

    /// A complaint's facts; its region is given, as complaints do not record one yet.
    public init(_ complaint: Complaint, region: String?) {
        self.init(
            priority: complaint.priority, category: complaint.category, channel: complaint.channel,
            department: complaint.department, tags: complaint.tags, region: region)
    }
}

/// A rule for time limits: which complaints it is for, the target of each clock it sets, the
/// calendar they are counted in, and limits per department while the complaint is with that
/// department (such as sales branch 5 working days, marketing 7).
public struct SLAPolicy: Sendable, Equatable {
    /// Which complaints a policy is for. Every criterion given must hold, and a criterion holds
    /// when the complaint has any of its values; an empty criterion holds for all. Tags come two
    /// ways: `tagsAny` (at least one of them) and `tagsAll` (every one of them). Matching is exact
    /// and case-sensitive.
    public struct Match: Sendable, Equatable {
        public var priorities: [Priority]
        public var categories: [String]
        public var channels: [Channel]
        public var departments: [String]
        public var regions: [String]
        public var tagsAny: [String]
        public var tagsAll: [String]

        /// A match on the criteria given; with none, every complaint.
        public init(
            priorities: [Priority] = [], categories: [String] = [], channels: [Channel] = [],
            departments: [String] = [], regions: [String] = [], tagsAny: [String] = [], tagsAll: [String] = []
        ) {
            self.priorities = priorities
            self.categories = categories
            self.channels = channels
            self.departments = departments
            self.regions = regions
            self.tagsAny = tagsAny
            self.tagsAll = tagsAll
        }

        /// Whether a complaint with `facts` is one the policy is for.
        public func matches(_ facts: SLAFacts) -> Bool {
            func holds<Value: Equatable>(_ values: [Value], _ value: Value?) -> Bool {
                values.isEmpty || value.map(values.contains) == true
            }
            return holds(priorities, facts.priority) && holds(categories, facts.category)
                && holds(channels, facts.channel) && holds(departments, facts.department)
                && holds(regions, facts.region)
                && (tagsAny.isEmpty || tagsAny.contains(where: facts.tags.contains))
                && tagsAll.allSatisfy(facts.tags.contains)
        }
    }

    /// The policy's name, shown as the source of each due date it sets.
    public var name: String
    public var match: Match
    /// The key of the calendar its targets are counted in.
    public var calendar: String
    /// The target of each clock it sets; a clock it leaves out is set by the next policy that
    /// matches and sets it.
    public var targets: [SLAClock: TimeLimitTarget]
    /// The limit while the complaint is assigned to a department, counted from its assignment.
    public var departmentTargets: [String: TimeLimitTarget]

    /// A policy from its parts.
    public init(
        name: String, match: Match = Match(), calendar: String = WorkingCalendar.twentyFourSevenKey,
        targets: [SLAClock: TimeLimitTarget], departmentTargets: [String: TimeLimitTarget] = [:]
    ) {
        self.name = name
        self.match = match
        self.calendar = calendar
        self.targets = targets
        self.departmentTargets = departmentTargets
    }

    /// Today's limits as policies, one per priority (together they match every complaint), in
    /// the 24×7 calendar: first contact and resolution in calendar hours from receipt, follow-up in
    /// calendar hours from resolution, exactly as `Settings.dueDates` and the resolve step count.
    /// Named `default-critical`, `default-high` and `default-normal`.
    public static func defaults(from settings: Settings) -> [SLAPolicy] {
        Priority.allCases.reversed().map { priority in
            let limits = settings.limits(for: priority)
            return SLAPolicy(
                name: "default-\(priority.rawValue)", match: Match(priorities: [priority]),
                targets: [
                    .firstContact: TimeLimitTarget(unchecked: .calendarHours, limits.firstResponseHours),
                    .resolution: TimeLimitTarget(unchecked: .calendarHours, limits.resolutionHours),
                    .followUp: TimeLimitTarget(unchecked: .calendarHours, settings.followUpHours),
                ]
            )
        }
    }
}
