/// The time-limit calculator: when a clock started at some instant is due under a target and a
/// calendar, how much of its time has been used, how long it was paused, and when it is at risk.
/// Pure and cheap: it walks the calendar a working span at a time, never minute by minute, so a
/// 365-day target costs one step per working span in the year.
///
/// A clock counts the calendar's working time for working units and all time for calendar units
/// (`TimeLimitTarget.Unit.countsWorkingTime`), less the time it was paused.
public enum TimeLimits {
    /// When a clock started at `start` with `target` is due, in `calendar`, once `paused` is taken
    /// into account: the earliest instant at which it has counted the target's time.
    ///
    /// Hour units count that many hours of time (working or all). Day units and `same_day` fix a
    /// deadline as `TimeLimitTarget` describes; pauses before it then move it out by the time they
    /// took from the clock (working time for working units, all time for calendar ones).
    public static func due(
        start: Instant, target: TimeLimitTarget, calendar: WorkingCalendar,
        paused: [Pause] = []
    ) -> Instant {
        let pauses = Pause.merged(paused)
        let working = target.unit.countsWorkingTime
        let deadline: Instant
        switch target.unit {
        case .calendarHours, .workingHours:
            return advance(
                from: start.seconds, by: target.seconds, workingTime: working, calendar: calendar, pauses: pauses)
        case .calendarDays:
            let receiptDay = calendar.zone.local(start).date.daysSinceEpoch
            let endDay = CivilDate(daysSinceEpoch: receiptDay + target.days + 1)
            deadline = calendar.zone.instant(ZoneRules.LocalDateTime(date: endDay, secondOfDay: 0))
        case .workingDays:
            let receiptDay = calendar.zone.local(start).date.daysSinceEpoch
            deadline = closeOfBusiness(ofWorkingDay: target.days, after: receiptDay, from: start, calendar: calendar)
        case .sameDay:
            let receiptDay = calendar.zone.local(start).date.daysSinceEpoch
            deadline = closeOfBusiness(ofWorkingDay: 1, after: receiptDay - 1, from: start, calendar: calendar)
        }
        guard !pauses.isEmpty else { return deadline }
        let lost = pausedFor(
            from: start.seconds, to: deadline.seconds, workingTime: working, calendar: calendar, pauses: pauses)
        return advance(from: deadline.seconds, by: lost, workingTime: working, calendar: calendar, pauses: pauses)
    }

    /// The time counted between `from` and `to` (zero when `to` is not later): working time when
    /// `workingTime`, else all time, less `paused`; in seconds.
    public static func elapsed(
        from: Instant, to: Instant, workingTime: Bool, calendar: WorkingCalendar,
        paused: [Pause] = []
    ) -> Int64 {
        measure(
            from: from.seconds, to: to.seconds, workingTime: workingTime, calendar: calendar,
            pauses: Pause.merged(paused))
    }

    /// How much of the time between `from` and `to` that a clock would count was paused, in
    /// seconds: working time paused when `workingTime`, else all time paused ("paused_for").
    public static func pausedFor(
        from: Instant, to: Instant, workingTime: Bool, calendar: WorkingCalendar,
        paused: [Pause]
    ) -> Int64 {
        pausedFor(
            from: from.seconds, to: to.seconds, workingTime: workingTime, calendar: calendar,
            pauses: Pause.merged(paused))
    }

    /// The instant at which a clock started at `start` has counted `seconds` of time (working time
    /// when `workingTime`), skipping `paused`: the earliest such instant, so a span of work that
    /// exactly uses up the time ends the count rather than the start of the next.
    public static func advance(
        from start: Instant, by seconds: Int64, workingTime: Bool, calendar: WorkingCalendar,
        paused: [Pause] = []
    ) -> Instant {
        advance(
            from: start.seconds, by: seconds, workingTime: workingTime, calendar: calendar, pauses: Pause.merged(paused)
        )
    }

    /// The first whole second at which a clock started at `start` and due at `due` has used
    /// `ratio` of the time it counts between them: from then on, unmet, it is at risk. For calendar
    /// units without pauses this is today's rule, `start + ⌈ratio × (due − start)⌉`.
    public static func atRiskMoment(
        start: Instant, due: Instant, ratio: Double, workingTime: Bool,
        calendar: WorkingCalendar, paused: [Pause] = []
    ) -> Instant {
        let pauses = Pause.merged(paused)
        let total = measure(
            from: start.seconds, to: due.seconds, workingTime: workingTime, calendar: calendar, pauses: pauses)
        let share = Int64((ratio * Double(total)).rounded(.up))
        return advance(
            from: start.seconds, by: min(max(share, 0), total), workingTime: workingTime, calendar: calendar,
            pauses: pauses)
    }

    // MARK: On UTC seconds

    static func advance(
        from start: Int64, by seconds: Int64, workingTime: Bool, calendar: WorkingCalendar,
        pauses: [Range<Int64>]
    ) -> Instant {
        guard seconds > 0 else { return Instant(seconds: start) }
        var left = seconds
        var counted = CountedTimeIterator(from: start, workingTime: workingTime, calendar: calendar, pauses: pauses)
        while let piece = counted.next() {
            let length = piece.upperBound - piece.lowerBound
            if left <= length { return Instant(seconds: piece.lowerBound + left) }
            left -= length
        }
        return Instant(seconds: CountedTimeIterator.endOfTime)
    }

    static func measure(
        from: Int64, to: Int64, workingTime: Bool, calendar: WorkingCalendar, pauses: [Range<Int64>]
    ) -> Int64 {
        guard from < to else { return 0 }
        var total: Int64 = 0
        var counted = CountedTimeIterator(from: from, workingTime: workingTime, calendar: calendar, pauses: pauses)
        while let piece = counted.next(), piece.lowerBound < to {
            total += min(piece.upperBound, to) - piece.lowerBound
        }
        return total
    }

    static func pausedFor(
        from: Int64, to: Int64, workingTime: Bool, calendar: WorkingCalendar, pauses: [Range<Int64>]
    ) -> Int64 {
        guard !pauses.isEmpty else { return 0 }
        return measure(from: from, to: to, workingTime: workingTime, calendar: calendar, pauses: [])
            - measure(from: from, to: to, workingTime: workingTime, calendar: calendar, pauses: pauses)
    }

    /// The close of business (the end of its last working time) of the `nth` day after local day
    /// `after` that has working time after `start`.
    private static func closeOfBusiness(
        ofWorkingDay nth: Int, after: Int, from start: Instant,
        calendar: WorkingCalendar
    ) -> Instant {
        var working = WorkingTimeIterator(calendar, from: start.seconds)
        var count = 0
        var currentDay = after
        var close: Int64?
        while true {
            let (range, day) = working.next()
            if let found = close, day != currentDay { return Instant(seconds: found) }
            guard day > after else { continue }
            if day != currentDay {
                currentDay = day
                count += 1
            }
            if count == nth { close = range.upperBound }
        }
    }
}
