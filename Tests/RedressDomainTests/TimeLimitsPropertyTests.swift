import Testing
import RedressDomain

/// The calculator against a brute-force reference that steps through time a minute at a time,
/// reading each minute's local date and time and asking the calendar's definition (not the
/// calculator's tables) whether it is working time. 1,250 random calendars, starts,
/// targets and pauses, around daylight-saving changes and year ends, from a fixed seed.
@Suite struct TimeLimitsPropertyTests {
    /// The seeded generator, with the draws these tests make.
    typealias Random = SplitMix64

    static let zones = ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "UTC"].map { ZoneRules.system($0)! }

    /// Days (since 1970) near which starts are drawn: DST changes in New York and Berlin, year ends.
    static let anchors = [
        CivilDate(year: 2026, month: 3, day: 5), CivilDate(year: 2026, month: 3, day: 26),
        CivilDate(year: 2026, month: 10, day: 22), CivilDate(year: 2026, month: 10, day: 29),
        CivilDate(year: 2026, month: 12, day: 27), CivilDate(year: 2027, month: 12, day: 29),
        CivilDate(year: 2027, month: 3, day: 12),
    ].map(\.daysSinceEpoch)

    static func spans(_ random: inout Random) -> [WorkingSpan] {
        switch random.int(0...9) {
        case 0: return [.allDay]
        case 1: return [WorkingSpan(start: 60, end: 240)]  // 01:00-04:00, over the DST changes
        case 2: return [WorkingSpan(start: 0, end: 150), WorkingSpan(start: 150, end: 200)]
        default:
            let count = random.int(1...3)
            let cuts = Set((0..<(count * 2)).map { _ in random.int(0...1440) }).sorted()
            return stride(from: 0, to: cuts.count - 1, by: 2).map { WorkingSpan(start: cuts[$0], end: cuts[$0 + 1]) }
        }
    }

    static func calendar(_ random: inout Random, near anchor: Int) throws -> WorkingCalendar {
        let zone = zones[random.int(0...zones.count - 1)]
        var hours: [Weekday: [WorkingSpan]] = [:]
        for weekday in Weekday.allCases where random.chance(75) {
            hours[weekday] = spans(&random)
        }
        if hours.values.allSatisfy(\.isEmpty) { hours[.monday] = spans(&random) }
        if hours[.monday]?.isEmpty != false, random.chance(50) { hours[.monday] = spans(&random) }
        var days = Set<Int>()
        var holidays: [CivilDate] = []
        for _ in 0..<random.int(0...6) where days.insert(anchor + random.int(-2...20)).inserted {
            holidays.append(CivilDate(daysSinceEpoch: days.sorted().last!))
        }
        holidays = days.sorted().map { CivilDate(daysSinceEpoch: $0) }
        var extras: [WorkingCalendar.ExtraWorkingDay] = []
        for _ in 0..<random.int(0...3) {
            let day = anchor + random.int(-2...20)
            guard days.insert(day).inserted else { continue }
            let ownSpans = hours[.monday]?.isEmpty != false || random.chance(50)
            extras.append(
                WorkingCalendar.ExtraWorkingDay(
                    date: CivilDate(daysSinceEpoch: day),
                    spans: ownSpans ? spans(&random) : nil))
        }
        let definition = WorkingCalendar.Definition(
            key: "random", zone: zone.identifier, hours: hours,
            holidays: holidays, extraWorkingDays: extras)
        return try definition.validated(zones: { name in zones.first { $0.identifier == name } })
    }

    static func target(_ random: inout Random) throws -> TimeLimitTarget {
        switch random.int(0...9) {
        case 0, 1: return try TimeLimitTarget(.calendarHours, Double(random.int(1...2400)) / 60)
        case 2, 3, 4: return try TimeLimitTarget(.workingHours, Double(random.int(1...900)) / 60)
        case 5: return try TimeLimitTarget(.calendarDays, Double(random.int(1...4)))
        case 6, 7, 8: return try TimeLimitTarget(.workingDays, Double(random.int(1...3)))
        default: return try TimeLimitTarget(.sameDay, nil)
        }
    }

    /// The minute-by-minute reference.
    final class Reference {
        let definition: WorkingCalendar.Definition
        let zone: ZoneRules
        let pauses: [Pause]
        private var offset = 0
        private var offsetFrom = Int64.max
        private var offsetUntil = Int64.min
        private var cachedDay = Int.min
        private var cachedSpans: [WorkingSpan] = []

        init(_ calendar: WorkingCalendar, pauses: [Pause]) {
            definition = calendar.definition
            zone = calendar.zone
            self.pauses = pauses
        }

        /// The local day (since 1970) and whether the minute starting at `minute` is working time.
        func read(_ minute: Int64) -> (day: Int, working: Bool) {
            if minute < offsetFrom || minute >= offsetUntil {
                offset = zone.offset(at: Instant(seconds: minute))
                offsetFrom = minute
                offsetUntil = zone.nextTransition(after: Instant(seconds: minute))?.at.seconds ?? Int64.max
            }
            let local = minute + Int64(offset)
            let day = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
            if day != cachedDay {
                cachedDay = day
                cachedSpans = spans(onDay: day)
            }
            let minuteOfDay = Int(local - Int64(day) * 86_400) / 60
            for span in cachedSpans where span.start <= minuteOfDay && minuteOfDay < span.end { return (day, true) }
            return (day, false)
        }

        func spans(onDay day: Int) -> [WorkingSpan] {
            if let extra = definition.extraWorkingDays.first(where: { $0.date.daysSinceEpoch == day }) {
                return extra.spans ?? definition.hours[.monday] ?? []
            }
            if definition.holidays.contains(where: { $0.daysSinceEpoch == day }) { return [] }
            let weekdays: [Weekday] = [.thursday, .friday, .saturday, .sunday, .monday, .tuesday, .wednesday]
            return definition.hours[weekdays[((day % 7) + 7) % 7]] ?? []
        }

        func paused(_ minute: Int64) -> Bool {
            for pause in pauses where pause.from.seconds <= minute && minute < pause.until.seconds { return true }
            return false
        }

        func counts(_ minute: Int64, workingTime: Bool) -> Bool {
            (!workingTime || read(minute).working) && !paused(minute)
        }

        /// The end of the minute in which `minutes` counted minutes from `start` are used up.
        func advance(from start: Int64, minutes: Int64, workingTime: Bool) -> Int64 {
            guard minutes > 0 else { return start }
            var minute = start, counted: Int64 = 0
            while true {
                if counts(minute, workingTime: workingTime) {
                    counted += 1
                    if counted == minutes { return minute + 60 }
                }
                minute += 60
            }
        }

        /// The minutes from `from` to `to` the clock counts, and those it would have but for a pause.
        func count(from: Int64, to: Int64, workingTime: Bool) -> (counted: Int64, paused: Int64) {
            var counted: Int64 = 0, pausedMinutes: Int64 = 0
            var minute = from
            while minute < to {
                if !workingTime || read(minute).working {
                    if paused(minute) { pausedMinutes += 1 } else { counted += 1 }
                }
                minute += 60
            }
            return (counted, pausedMinutes)
        }

        /// The end of the last working minute of the `nth` local day after `after` with working
        /// minutes at or after `start`.
        func closeOfBusiness(nth: Int, after: Int, from start: Int64) -> Int64 {
            var minute = start, count = 0, currentDay = after
            var close: Int64?
            while true {
                let (day, working) = read(minute)
                if working {
                    if let close, day != currentDay { return close }
                    if day > after {
                        if day != currentDay {
                            currentDay = day
                            count += 1
                        }
                        if count == nth { close = minute + 60 }
                    }
                }
                minute += 60
            }
        }

        func due(start: Int64, target: TimeLimitTarget) -> Int64 {
            let working = target.unit.countsWorkingTime
            let receiptDay = read(start).day
            let deadline: Int64
            switch target.unit {
            case .calendarHours, .workingHours:
                return advance(from: start, minutes: Int64((target.amount! * 60).rounded()), workingTime: working)
            case .calendarDays:
                var minute = start
                while read(minute).day <= receiptDay + Int(target.amount!) { minute += 60 }
                deadline = minute
            case .workingDays:
                deadline = closeOfBusiness(nth: Int(target.amount!), after: receiptDay, from: start)
            case .sameDay:
                deadline = closeOfBusiness(nth: 1, after: receiptDay - 1, from: start)
            }
            let lost = count(from: start, to: deadline, workingTime: working).paused
            return advance(from: deadline, minutes: lost, workingTime: working)
        }
    }

    @Test func theCalculatorAgreesWithMinuteSteppingOnAThousandRandomCases() throws {
        var random = Random(seed: 19)
        var failures: [String] = []
        var dueChecks = 0
        var acrossClockChanges = 0
        for index in 0..<1000 {
            let anchor = Self.anchors[random.int(0...Self.anchors.count - 1)]
            let calendar = try Self.calendar(&random, near: anchor)
            let target = try Self.target(&random)
            let start = Int64(anchor + random.int(0...6)) * 86_400 + Int64(random.int(-12 * 60...36 * 60)) * 60
            var pauses: [Pause] = []
            for _ in 0..<random.int(0...2) {
                let from = start + Int64(random.int(-600...4000)) * 60
                pauses.append(
                    Pause(
                        from: Instant(seconds: from), until: Instant(seconds: from + Int64(random.int(1...3000)) * 60)))
            }
            let reference = Reference(calendar, pauses: pauses)
            let expected = reference.due(start: start, target: target)
            let actual = TimeLimits.due(
                start: Instant(seconds: start), target: target, calendar: calendar, paused: pauses)
            dueChecks += 1
            if let change = calendar.zone.nextTransition(after: Instant(seconds: start)), change.at.seconds < expected {
                acrossClockChanges += 1
            }
            // Elapsed and paused working time up to a moment between the start and past the due date.
            let working = target.unit.countsWorkingTime
            let moment = start + (expected - start) * Int64(random.int(0...120)) / 100 / 60 * 60
            let elapsed = TimeLimits.elapsed(
                from: Instant(seconds: start), to: Instant(seconds: moment), workingTime: working,
                calendar: calendar, paused: pauses)
            let pausedFor = TimeLimits.pausedFor(
                from: Instant(seconds: start), to: Instant(seconds: moment), workingTime: working,
                calendar: calendar, paused: pauses)
            let (countedMinutes, pausedMinutes) = reference.count(from: start, to: moment, workingTime: working)
            let (expectedElapsed, expectedPaused) = (countedMinutes * 60, pausedMinutes * 60)
            if actual.seconds != expected || elapsed != expectedElapsed || pausedFor != expectedPaused,
                failures.count < 5
            {
                failures.append(
                    "case \(index): \(calendar.definition) start \(Instant(seconds: start)) \(target) pauses \(pauses): "
                        + "due \(actual) not \(Instant(seconds: expected)); elapsed \(elapsed) not \(expectedElapsed); "
                        + "paused \(pausedFor) not \(expectedPaused)")
            }
        }
        #expect(dueChecks == 1000)
        // The draw does reach over daylight-saving changes, not just near them.
        #expect(acrossClockChanges >= 30)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func theAtRiskMomentIsTheFirstMinuteAtTheShareOfCountedTime() throws {
        var random = Random(seed: 2026)
        var failures: [String] = []
        for index in 0..<250 {
            let anchor = Self.anchors[random.int(0...Self.anchors.count - 1)]
            let calendar = try Self.calendar(&random, near: anchor)
            let target = try Self.target(&random)
            let start = Int64(anchor + random.int(0...6)) * 86_400 + Int64(random.int(0...1440)) * 60
            let pauses = [
                Pause(
                    from: Instant(seconds: start + 3600),
                    until: Instant(seconds: start + 3600 * Int64(random.int(1...30))))
            ]
            let working = target.unit.countsWorkingTime
            let due = TimeLimits.due(start: Instant(seconds: start), target: target, calendar: calendar, paused: pauses)
            // A ratio that falls on whole minutes of the counted total: quarters.
            let ratio = Double(random.int(1...4)) / 4
            let atRisk = TimeLimits.atRiskMoment(
                start: Instant(seconds: start), due: due, ratio: ratio, workingTime: working,
                calendar: calendar, paused: pauses)
            let reference = Reference(calendar, pauses: pauses)
            let total = reference.count(from: start, to: due.seconds, workingTime: working).counted
            let share = Int64((ratio * Double(total)).rounded(.up))
            let expected = reference.advance(from: start, minutes: share, workingTime: working)
            // Whole minutes only: a share that splits a minute is checked to the second below.
            if Double(share) == ratio * Double(total), atRisk.seconds != expected, failures.count < 5 {
                failures.append("case \(index): \(target) ratio \(ratio): \(atRisk) not \(Instant(seconds: expected))")
            }
            let used = TimeLimits.elapsed(
                from: Instant(seconds: start), to: atRisk, workingTime: working, calendar: calendar, paused: pauses)
            if Double(used) < ratio * Double(total * 60) || Double(used) - 1 >= ratio * Double(total * 60),
                failures.count < 5
            {
                failures.append("case \(index): at \(atRisk) used \(used) of \(total * 60) at ratio \(ratio)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

extension SplitMix64 {
    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
}
