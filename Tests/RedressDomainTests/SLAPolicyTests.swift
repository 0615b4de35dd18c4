import Testing
import RedressDomain

/// Policies: the first that matches sets each clock, the defaults are today's limits exactly,
/// and every bad reference is named.
@Suite struct SLAPolicyTests {
    static let categories: Set<String> = ["product_quality", "delivery", "billing"]
    static let departments: Set<String> = ["sales_branch", "marketing", "processing"]

    static func office() throws -> WorkingCalendar {
        let spans = [WorkingSpan("09:00-12:00")!, WorkingSpan("13:00-18:00")!]
        let hours = Dictionary(
            uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map { ($0, spans) })
        return try WorkingCalendar.Definition(key: "cn-office", zone: "Asia/Shanghai", hours: hours).validated()
    }

    static func list(_ policies: [SLAPolicy], settings: Settings = .defaults) throws -> SLAPolicyList {
        try SLAPolicyList.validated(
            policies, defaultsFrom: settings, calendars: [try office()],
            categories: categories, departments: departments, zone: ZoneRules.system("Asia/Shanghai")!)
    }

    static func at(_ text: String) -> Instant { Instant(rfc3339: text + "+08:00")! }

    /// The regulations' policies: domestic resolution in 15 days, overseas 18; first contact in
    /// one working day and the investigation report in 3; a callback on the day of resolution;
    /// per-department limits; and critical complaints left to the defaults.
    static func regulations() throws -> [SLAPolicy] {
        [
            SLAPolicy(
                name: "critical-as-today", match: SLAPolicy.Match(priorities: [.critical]),
                targets: [.investigationReport: try TimeLimitTarget(.workingDays, 1)]),
            SLAPolicy(
                name: "overseas", match: SLAPolicy.Match(regions: ["overseas"]), calendar: "cn-office",
                targets: [.resolution: try TimeLimitTarget(.calendarDays, 18)]),
            SLAPolicy(
                name: "standard", match: SLAPolicy.Match(priorities: [.normal, .high]), calendar: "cn-office",
                targets: [
                    .firstContact: try TimeLimitTarget(.workingDays, 1),
                    .investigationReport: try TimeLimitTarget(.workingDays, 3),
                    .resolution: try TimeLimitTarget(.calendarDays, 15),
                    .followUp: try TimeLimitTarget(.sameDay, nil),
                ],
                departmentTargets: [
                    "sales_branch": try TimeLimitTarget(.workingDays, 5),
                    "marketing": try TimeLimitTarget(.workingDays, 7),
                    "processing": try TimeLimitTarget(.workingDays, 2),
                ]),
        ]
    }

    @Test func withoutPoliciesTheDefaultsGiveTodaysDueDatesExactly() throws {
        var settings = Settings.defaults
        settings.sla[.high] = Settings.Limits(firstResponseHours: 1.5, resolutionHours: 33.3333)
        settings.followUpHours = 0.75
        let list = try Self.list([], settings: settings)
        var seconds: Int64 = 1_790_000_000
        for priority in Priority.allCases {
            for _ in 0..<50 {
                seconds += 7_919
                let received = Instant(seconds: seconds), resolved = Instant(seconds: seconds + 40_000)
                let evaluation = list.evaluate(
                    SLAFacts(priority: priority, channel: .web),
                    moments: SLAMoments(receivedAt: received, resolvedAt: resolved))
                let today = settings.dueDates(receivedAt: received, priority: priority)
                #expect(evaluation.policy == "default-\(priority.rawValue)")
                #expect(evaluation.clocks[.firstContact]?.dueAt == today.firstResponse)
                #expect(evaluation.clocks[.resolution]?.dueAt == today.resolution)
                #expect(evaluation.clocks[.followUp]?.dueAt == resolved.adding(hours: settings.followUpHours))
                #expect(evaluation.clocks[.investigationReport] == nil)
                // Today's at-risk rule: the start plus the ratio of the time, rounded up.
                let atRisk = received.adding(
                    seconds: Int64((0.8 * Double(today.resolution.seconds - received.seconds)).rounded(.up)))
                #expect(evaluation.clocks[.resolution]?.atRiskAt == atRisk)
            }
        }
    }

    @Test func fifteenDaysForADomesticCustomerEighteenForAnOverseasOne() throws {
        let list = try Self.list(Self.regulations())
        let received = SLAMoments(receivedAt: Self.at("2026-12-20T15:00:00"))
        let domestic = list.evaluate(
            SLAFacts(priority: .normal, channel: .phone, region: "domestic"), moments: received)
        let overseas = list.evaluate(
            SLAFacts(priority: .normal, channel: .phone, region: "overseas"), moments: received)
        #expect(domestic.policy == "standard")
        #expect(domestic.clocks[.resolution]?.dueAt == Self.at("2027-01-05T00:00:00"))
        #expect(overseas.policy == "overseas")
        #expect(overseas.clocks[.resolution]?.dueAt == Self.at("2027-01-08T00:00:00"))
        #expect(overseas.clocks[.resolution]?.policy == "overseas")
        // Clocks the overseas policy leaves out come from the next that matches.
        #expect(overseas.clocks[.firstContact]?.policy == "standard")
        #expect(overseas.clocks[.firstContact]?.dueAt == Self.at("2026-12-21T18:00:00"))
        #expect(overseas.clocks[.firstContact]?.calendar == "cn-office")
        #expect(overseas.clocks[.firstContact]?.target == (try TimeLimitTarget(.workingDays, 1)))
    }

    @Test func aCriticalComplaintKeepsTodaysLimitsAndGainsAReportDeadline() throws {
        let list = try Self.list(Self.regulations())
        let received = Self.at("2026-09-14T10:00:00")
        let evaluation = list.evaluate(
            SLAFacts(priority: .critical, channel: .socialMedia), moments: SLAMoments(receivedAt: received))
        #expect(evaluation.policy == "critical-as-today")
        #expect(evaluation.clocks[.firstContact]?.policy == "default-critical")
        #expect(evaluation.clocks[.firstContact]?.dueAt == received.adding(hours: 2))
        #expect(evaluation.clocks[.investigationReport]?.dueAt == Self.at("2026-09-15T23:59:59").adding(seconds: 1))
        // The 24×7 calendar counts days in the configured zone, Shanghai here.
        #expect(evaluation.clocks[.investigationReport]?.calendar == "24x7")
    }

    @Test func eachDepartmentHasItsOwnLimitWhileItHoldsTheCase() throws {
        let list = try Self.list(Self.regulations())
        let assigned = Self.at("2026-09-14T11:00:00")
        let moments = SLAMoments(receivedAt: Self.at("2026-09-14T09:30:00"), assignedToDepartmentAt: assigned)
        func departmentDue(_ department: String?) -> Instant? {
            list.evaluate(SLAFacts(priority: .high, channel: .web, department: department), moments: moments)
                .department?.dueAt
        }
        #expect(departmentDue("sales_branch") == Self.at("2026-09-21T18:00:00"))
        #expect(departmentDue("marketing") == Self.at("2026-09-23T18:00:00"))
        #expect(departmentDue("processing") == Self.at("2026-09-16T18:00:00"))
        #expect(departmentDue(nil) == nil)
    }

    @Test func theCallbackIsDueOnTheDayOfResolutionAndPausesAreExplained() throws {
        let list = try Self.list(Self.regulations())
        let moments = SLAMoments(receivedAt: Self.at("2026-09-14T09:00:00"), resolvedAt: Self.at("2026-09-18T15:00:00"))
        let pause = Pause(from: Self.at("2026-09-14T17:00:00"), until: Self.at("2026-09-15T10:00:00"))
        let evaluation = list.evaluate(SLAFacts(priority: .normal, channel: .phone), moments: moments, paused: [pause])
        #expect(evaluation.clocks[.followUp]?.dueAt == Self.at("2026-09-18T18:00:00"))
        #expect(evaluation.clocks[.followUp]?.pausedFor == 0)
        // Two working hours paused (Monday 17–18, Tuesday 9–10) move "within 1 working day" from
        // Tuesday's close to Wednesday 11:00.
        #expect(evaluation.clocks[.firstContact].map(\.pausedFor) == Int64(2 * 3600))
        #expect(evaluation.clocks[.firstContact]?.dueAt == Self.at("2026-09-16T11:00:00"))
        // Fifteen calendar days lose the pause's seventeen hours of wall time.
        #expect(evaluation.clocks[.resolution].map(\.pausedFor) == Int64(17 * 3600))
    }

    @Test func matchingNeedsEveryCriterionGivenAndAnyValueOfEach() {
        let facts = SLAFacts(
            priority: .high, category: "delivery", channel: .app, department: "sales_branch",
            tags: ["vip", "refund"], region: "overseas")
        #expect(SLAPolicy.Match().matches(facts))
        #expect(SLAPolicy.Match(priorities: [.critical, .high], categories: ["billing", "delivery"]).matches(facts))
        #expect(!SLAPolicy.Match(priorities: [.high], channels: [.phone]).matches(facts))
        #expect(SLAPolicy.Match(tagsAny: ["press", "vip"]).matches(facts))
        #expect(!SLAPolicy.Match(tagsAny: ["press"]).matches(facts))
        #expect(SLAPolicy.Match(tagsAll: ["vip", "refund"]).matches(facts))
        #expect(!SLAPolicy.Match(tagsAll: ["vip", "press"]).matches(facts))
        #expect(!SLAPolicy.Match(regions: ["domestic"]).matches(facts))
        #expect(!SLAPolicy.Match(categories: ["delivery"]).matches(SLAFacts(priority: .high, channel: .app)))
        #expect(!SLAPolicy.Match(departments: ["marketing"]).matches(facts))
    }

    @Test func everyUnknownNameAndEmptyPolicyIsNamed() throws {
        let target = try TimeLimitTarget(.workingDays, 1)
        let policies = [
            SLAPolicy(name: "a", targets: [.resolution: target]),
            SLAPolicy(name: "a", targets: [.resolution: target]),
            SLAPolicy(
                name: "b",
                match: SLAPolicy.Match(
                    categories: ["delivery", "weather"], departments: ["hr"],
                    regions: [""], tagsAny: [""]),
                calendar: "moon-base", targets: [:], departmentTargets: ["legal": target, "marketing": target]),
            SLAPolicy(name: "default-high", targets: [:]),
            SLAPolicy(name: " ", targets: [.firstContact: target]),
        ]
        do {
            _ = try Self.list(policies)
            Issue.record("accepted")
        } catch {
            #expect(
                (error as? InvalidFields)?.fields == [
                    "policies[1].name",
                    "policies[2].match.category[1]", "policies[2].match.department[0]", "policies[2].match.region[0]",
                    "policies[2].match.tags_any[0]", "policies[2].calendar", "policies[2].department_targets.legal",
                    "policies[3].name", "policies[3].targets",
                    "policies[4].name",
                ])
        }
    }

    @Test func aValidListKeepsItsOrder() throws {
        let list = try Self.list(Self.regulations())
        #expect(list.policies.map(\.name) == ["critical-as-today", "overseas", "standard"])
        #expect(list.defaults.map(\.name) == ["default-critical", "default-high", "default-normal"])
    }
}
