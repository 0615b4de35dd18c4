import Testing
import RedressDomain

/// The time limits as the regulations word them, in a Shanghai office open 09:00–12:00 and
/// 13:00–18:00 Monday to Friday, with the 2026 National Day holiday (1–7 October, made up on
/// Sunday 27 September and Saturday 10 October) and New Year's Day 2027 (Friday 1 January).
@Suite struct TimeLimitRegulationTests {
    static let office: [WorkingSpan] = [WorkingSpan("09:00-12:00")!, WorkingSpan("13:00-18:00")!]

    static func shanghai() throws -> WorkingCalendar {
        let weekdays: [Weekday: [WorkingSpan]] = [
            .monday: office, .tuesday: office, .wednesday: office,
            .thursday: office, .friday: office,
        ]
        let holidays =
            (1...7).map { CivilDate(year: 2026, month: 10, day: $0) } + [CivilDate(year: 2027, month: 1, day: 1)]
        let makeUp = [
            WorkingCalendar.ExtraWorkingDay(date: CivilDate(year: 2026, month: 9, day: 27)),
            WorkingCalendar.ExtraWorkingDay(
                date: CivilDate(year: 2026, month: 10, day: 10),
                spans: [WorkingSpan("09:00-12:00")!]),
        ]
        return try WorkingCalendar.Definition(
            key: "cn-office", zone: "Asia/Shanghai", hours: weekdays,
            holidays: holidays, extraWorkingDays: makeUp
        ).validated()
    }

    /// `2026-09-25 17:30` in Shanghai.
    static func at(_ text: String) -> Instant {
        Instant(rfc3339: String(text.map { $0 == " " ? "T" : $0 }) + ":00+08:00")!
    }

    static func due(
        _ start: String, _ unit: TimeLimitTarget.Unit, _ amount: Double?, paused: [Pause] = []
    ) throws -> Instant {
        TimeLimits.due(
            start: at(start), target: try TimeLimitTarget(unit, amount), calendar: try shanghai(), paused: paused)
    }

    @Test func contactWithinOneWorkingDayOfAFridayEveningBeforeAMondayHolidayIsTuesdaysClose() throws {
        // Received Friday 2026-12-25 17:30; Monday 2026-12-28 is made a holiday for this case.
        var definition = try Self.shanghai().definition
        definition.holidays.append(CivilDate(year: 2026, month: 12, day: 28))
        let calendar = try definition.validated()
        let due = TimeLimits.due(
            start: Self.at("2026-12-25 17:30"), target: try TimeLimitTarget(.workingDays, 1), calendar: calendar)
        #expect(due == Self.at("2026-12-29 18:00"))
    }

    @Test func theDayOfReceiptNeverCountsWhateverTheHour() throws {
        #expect(try Self.due("2026-09-14 08:00", .workingDays, 1) == Self.at("2026-09-15 18:00"))
        #expect(try Self.due("2026-09-14 10:00", .workingDays, 1) == Self.at("2026-09-15 18:00"))
        #expect(try Self.due("2026-09-14 23:59", .workingDays, 1) == Self.at("2026-09-15 18:00"))
        // Received on a Saturday: Monday is the first working day after it.
        #expect(try Self.due("2026-09-19 11:00", .workingDays, 1) == Self.at("2026-09-21 18:00"))
    }

    @Test func reportTheInvestigationWithinThreeWorkingDaysSkipsTheHolidayAndCountsTheMakeUpDays() throws {
        // Received Friday 25 September: Sunday 27th (a make-up day) is day 1, Monday 28th day 2,
        // Tuesday 29th day 3.
        #expect(try Self.due("2026-09-25 10:00", .workingDays, 3) == Self.at("2026-09-29 18:00"))
        // Received Wednesday 30 September: 1–7 October are off; Thursday 8th, Friday 9th, and the
        // make-up Saturday 10th, which works only its morning.
        #expect(try Self.due("2026-09-30 16:00", .workingDays, 3) == Self.at("2026-10-10 12:00"))
    }

    @Test func aMakeUpDayWithoutItsOwnSpansWorksMondaysHours() throws {
        let calendar = try Self.shanghai()
        #expect(calendar.workingSpans(on: CivilDate(year: 2026, month: 9, day: 27)) == Self.office)
        #expect(calendar.workingSpans(on: CivilDate(year: 2026, month: 10, day: 10)) == [WorkingSpan("09:00-12:00")!])
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 5)))
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 11)))
    }

    @Test func workingHoursSkipLunchNightsWeekendsAndNewYear() throws {
        // Thursday 31 December 16:00 + 8 working hours: 2 h on Thursday, New Year's Day off, the
        // weekend off, then 09:00–12:00 and 13:00–16:00 on Monday 4 January.
        #expect(try Self.due("2026-12-31 16:00", .workingHours, 8) == Self.at("2027-01-04 16:00"))
        // Time that runs out exactly at the close is due at the close, not the next opening.
        #expect(try Self.due("2026-09-14 09:00", .workingHours, 8) == Self.at("2026-09-14 18:00"))
        #expect(try Self.due("2026-09-14 11:30", .workingHours, 0.5) == Self.at("2026-09-14 12:00"))
        #expect(try Self.due("2026-09-14 11:30", .workingHours, 1) == Self.at("2026-09-14 13:30"))
    }

    @Test func finishWithinAWeekIsOneHundredAndSixtyEightHoursOnTheClock() throws {
        #expect(try Self.due("2026-09-30 16:00", .calendarHours, 168) == Self.at("2026-10-07 16:00"))
    }

    @Test func fifteenDaysDomesticAndEighteenOverseasEndAtMidnightOfTheLastDay() throws {
        #expect(try Self.due("2026-12-20 15:00", .calendarDays, 15) == Self.at("2027-01-05 00:00"))
        #expect(try Self.due("2026-12-20 15:00", .calendarDays, 18) == Self.at("2027-01-08 00:00"))
    }

    @Test func aCallbackOnTheDayOfResolutionIsDueAtThatDaysClose() throws {
        #expect(try Self.due("2026-09-14 15:20", .sameDay, nil) == Self.at("2026-09-14 18:00"))
        // Resolved after the close, or on a day off: the next working day's close.
        #expect(try Self.due("2026-09-14 18:00", .sameDay, nil) == Self.at("2026-09-15 18:00"))
        #expect(try Self.due("2026-10-03 10:00", .sameDay, nil) == Self.at("2026-10-08 18:00"))
        // In a 24×7 calendar, the day itself, to midnight in its zone.
        let allDay = WorkingCalendar.twentyFourSeven(zone: try #require(ZoneRules.system("Asia/Shanghai")))
        #expect(
            TimeLimits.due(
                start: Self.at("2026-09-14 23:10"), target: try TimeLimitTarget(.sameDay, nil), calendar: allDay)
                == Self.at("2026-09-15 00:00"))
    }

    @Test func waitingOnTheCustomerPushesTheDueDateOutByTheWorkingTimeItTook() throws {
        // Paused Monday 14:00 to Tuesday 10:00: 4 working hours on Monday, 1 on Tuesday; one working
        // day from Monday is then Tuesday's close plus 5 working hours.
        let pause = [Pause(from: Self.at("2026-09-14 14:00"), until: Self.at("2026-09-15 10:00"))]
        #expect(try Self.due("2026-09-14 09:00", .workingDays, 1, paused: pause) == Self.at("2026-09-16 15:00"))
        #expect(try Self.due("2026-09-14 09:00", .workingHours, 8, paused: pause) == Self.at("2026-09-15 15:00"))
        let calendar = try Self.shanghai()
        #expect(
            TimeLimits.pausedFor(
                from: Self.at("2026-09-14 09:00"), to: Self.at("2026-09-16 18:00"), workingTime: true,
                calendar: calendar, paused: pause) == 5 * 3600)
        // In calendar units the pause counts in full: 20 hours.
        #expect(try Self.due("2026-09-14 09:00", .calendarHours, 24, paused: pause) == Self.at("2026-09-16 05:00"))
        // A pause after the due date changes nothing.
        let late = [Pause(from: Self.at("2026-09-20 09:00"), until: Self.at("2026-09-21 10:00"))]
        #expect(try Self.due("2026-09-14 09:00", .workingDays, 1, paused: late) == Self.at("2026-09-15 18:00"))
    }

    @Test func elapsedWorkingTimeAndTheAtRiskMomentAreInWorkingTime() throws {
        let calendar = try Self.shanghai()
        let start = Self.at("2026-09-14 09:00")
        #expect(
            TimeLimits.elapsed(from: start, to: Self.at("2026-09-15 10:30"), workingTime: true, calendar: calendar) == 9
                * 3600 + 1800)
        // 80 % of two working days (16 h) is 12.8 h: all Monday and 4 h 48 min of Tuesday.
        let due = try Self.due("2026-09-14 09:00", .workingHours, 16)
        #expect(due == Self.at("2026-09-15 18:00"))
        #expect(
            TimeLimits.atRiskMoment(start: start, due: due, ratio: 0.8, workingTime: true, calendar: calendar)
                == Self.at("2026-09-15 14:48"))
    }

    @Test func workingTimeOverTheNightClocksChangeIsRealTime() throws {
        // New York, open 00:00–24:00 on Sundays only: the Sunday clocks go forward has 23 hours,
        // the Sunday they go back 25.
        let sundays = try WorkingCalendar.Definition(key: "ny", zone: "America/New_York", hours: [.sunday: [.allDay]])
            .validated()
        func sunday(_ date: String) -> Instant { Instant(rfc3339: date)! }
        #expect(
            TimeLimits.elapsed(
                from: sunday("2026-03-08T05:00:00Z"), to: sunday("2026-03-09T05:00:00Z"), workingTime: true,
                calendar: sundays) == 23 * 3600)
        #expect(
            TimeLimits.elapsed(
                from: sunday("2026-11-01T04:00:00Z"), to: sunday("2026-11-02T05:00:00Z"), workingTime: true,
                calendar: sundays) == 25 * 3600)
        let day = try TimeLimitTarget(.workingDays, 1)
        #expect(
            TimeLimits.due(start: sunday("2026-03-07T17:00:00Z"), target: day, calendar: sundays)
                == sunday("2026-03-09T04:00:00Z"))
    }

    @Test func aYearLongTargetIsWalkedASpanAtATime() throws {
        let calendar = try Self.shanghai()
        let target = try TimeLimitTarget(.workingDays, 365)
        let clock = ContinuousClock()
        var due = Instant(seconds: 0)
        let elapsed = clock.measure {
            for _ in 0..<50 {
                due = TimeLimits.due(start: Self.at("2026-09-14 10:00"), target: target, calendar: calendar)
            }
        }
        // 365 working days of a five-day week, less the holidays, plus the make-up days: early 2028.
        #expect(due > Self.at("2028-02-01 00:00") && due < Self.at("2028-03-01 00:00"))
        // Debug build, loaded machine: still well under a millisecond or two per call.
        #expect(elapsed < .milliseconds(500))
    }
}
