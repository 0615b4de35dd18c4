import Testing
import RedressDomain

/// Every way a calendar or a target can be wrong is refused, naming the field.
@Suite struct TimeLimitValidationTests {
    static let office = [WorkingSpan(start: 540, end: 720), WorkingSpan(start: 780, end: 1080)]

    static func fields(_ definition: WorkingCalendar.Definition) -> [String] {
        do {
            _ = try definition.validated()
            return []
        } catch {
            return error.fields
        }
    }

    static func definition(
        hours: [Weekday: [WorkingSpan]] = [.monday: office], holidays: [CivilDate] = [],
        extra: [WorkingCalendar.ExtraWorkingDay] = [], zone: String = "Asia/Shanghai",
        key: String = "office"
    ) -> WorkingCalendar.Definition {
        WorkingCalendar.Definition(key: key, zone: zone, hours: hours, holidays: holidays, extraWorkingDays: extra)
    }

    @Test func aGoodCalendarIsValid() {
        #expect(Self.fields(Self.definition()).isEmpty)
    }

    @Test func invertedAndOverlappingSpansAreNamedByDayAndIndex() {
        let hours: [Weekday: [WorkingSpan]] = [
            .monday: [WorkingSpan(start: 540, end: 720), WorkingSpan(start: 780, end: 770)],
            .tuesday: [WorkingSpan(start: 540, end: 720), WorkingSpan(start: 700, end: 800)],
            .wednesday: [WorkingSpan(start: 540, end: 540)],
            .thursday: [WorkingSpan(start: 1440, end: 1440), WorkingSpan(start: 0, end: 1441)],
        ]
        #expect(
            Self.fields(Self.definition(hours: hours))
                == [
                    "hours.monday[1].end", "hours.tuesday[1]", "hours.wednesday[0].end", "hours.thursday[0].start",
                    "hours.thursday[1].end",
                ])
    }

    @Test func spansThatOnlyTouchDoNotOverlap() {
        #expect(
            Self.fields(
                Self.definition(hours: [
                    .friday: [WorkingSpan(start: 540, end: 720), WorkingSpan(start: 720, end: 780)]
                ])
            ).isEmpty)
    }

    @Test func aDateListedTwiceOrAsBothHolidayAndWorkingDayIsRefused() {
        let day = CivilDate(year: 2026, month: 10, day: 1)
        let fields = Self.fields(
            Self.definition(
                holidays: [
                    day, CivilDate(year: 2026, month: 10, day: 2), CivilDate(year: 2026, month: 2, day: 30), day,
                ],
                extra: [
                    WorkingCalendar.ExtraWorkingDay(date: CivilDate(year: 2026, month: 10, day: 2)),
                    WorkingCalendar.ExtraWorkingDay(date: CivilDate(year: 2026, month: 10, day: 10)),
                    WorkingCalendar.ExtraWorkingDay(date: CivilDate(year: 2026, month: 10, day: 10)),
                ]
            ))
        #expect(fields == ["holidays[2]", "holidays[3]", "extra_working_days[0].date", "extra_working_days[2].date"])
    }

    @Test func aCalendarWithNoWorkingTimeIsRefused() {
        #expect(Self.fields(Self.definition(hours: [:])) == ["hours"])
        #expect(Self.fields(Self.definition(hours: [.monday: [], .sunday: []])) == ["hours"])
    }

    @Test func anExtraDayNeedsSpansToWorkWhenMondayHasNone() {
        let extra = [
            WorkingCalendar.ExtraWorkingDay(date: CivilDate(year: 2026, month: 10, day: 10)),
            WorkingCalendar.ExtraWorkingDay(date: CivilDate(year: 2026, month: 10, day: 11), spans: []),
            WorkingCalendar.ExtraWorkingDay(
                date: CivilDate(year: 2026, month: 10, day: 12),
                spans: [WorkingSpan(start: 600, end: 500)]),
        ]
        #expect(
            Self.fields(Self.definition(hours: [.tuesday: Self.office], extra: extra))
                == ["extra_working_days[0].spans", "extra_working_days[1].spans", "extra_working_days[2].spans[0].end"])
    }

    @Test(arguments: ["Mars/Olympus_Mons", "", "../../etc/passwd", "Asia/Shanghai "])
    func anUnknownZoneIsRefusedByName(zone: String) throws {
        do {
            _ = try Self.definition(zone: zone).validated()
            Issue.record("accepted \(zone)")
        } catch {
            #expect(
                error.errors == [
                    FieldError(
                        "zone", "'\(zone)' is not a known IANA time zone, such as Asia/Shanghai or Europe/Berlin")
                ])
        }
    }

    @Test(arguments: ["", "has space", "-leading", String(repeating: "k", count: 101), "日历"])
    func aKeyMustSitInAURL(key: String) {
        #expect(Self.fields(Self.definition(key: key)) == ["key"])
    }

    @Test func spansReadFromTheirWrittenForm() {
        #expect(WorkingSpan("09:00-12:00") == WorkingSpan(start: 540, end: 720))
        #expect(WorkingSpan("13:00-24:00") == WorkingSpan(start: 780, end: 1440))
        #expect(WorkingSpan("13:00-24:01") == nil)
        #expect(WorkingSpan("9:00-12:00") == nil)
        #expect(WorkingSpan("09:60-12:00") == nil)
        #expect(WorkingSpan(start: 540, end: 720).description == "09:00-12:00")
    }

    @Test(arguments: [
        (TimeLimitTarget.Unit.calendarHours, 0.0), (.workingHours, -1), (.workingHours, 8760.5),
        (.calendarHours, .infinity),
        (.workingDays, 0), (.workingDays, 366), (.calendarDays, 1.5), (.calendarDays, .nan),
    ])
    func aTargetOfZeroOrBeyondAYearIsRefused(unit: TimeLimitTarget.Unit, amount: Double) {
        #expect(throws: InvalidFields.self) { try TimeLimitTarget(unit, amount, field: "targets.resolution") }
        do {
            _ = try TimeLimitTarget(unit, amount, field: "targets.resolution")
        } catch {
            #expect(error.fields == ["targets.resolution.amount"])
        }
    }

    @Test func theLimitsThemselvesAreAllowed() throws {
        #expect(try TimeLimitTarget(.workingHours, 8760).description == "8760 working_hours")
        #expect(try TimeLimitTarget(.workingDays, 365).description == "365 working_days")
        #expect(try TimeLimitTarget(.calendarHours, 1.5).description == "1.5 calendar_hours")
        #expect(try TimeLimitTarget(unit: "same_day", amount: nil).description == "same_day")
    }

    @Test func sameDayTakesNoAmountAndEveryOtherUnitNeedsOne() {
        #expect(throws: InvalidFields([FieldError("t.amount", "must be left out for same_day")])) {
            try TimeLimitTarget(.sameDay, 1, field: "t")
        }
        #expect(throws: InvalidFields([FieldError("t.amount", "is required for working_days")])) {
            try TimeLimitTarget(.workingDays, nil, field: "t")
        }
        #expect(throws: InvalidFields.self) { try TimeLimitTarget(unit: "fortnights", amount: 1) }
    }
}
