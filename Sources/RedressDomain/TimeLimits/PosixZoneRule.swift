/// The rule a POSIX `TZ` string states (`CET-1CEST,M3.5.0,M10.5.0/3`, `EST5EDT,M3.2.0,M11.1.0`,
/// `CST-8`): a standard offset and, optionally, a daylight-saving offset with the yearly dates it
/// starts and ends. A TZif file ends with one, for the years after its last listed transition.
struct PosixZoneRule {
    /// A day of the year a change happens on, in one of the three POSIX forms.
    enum Day: Equatable {
        /// `Jn`: day 1 ... 365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0 ... 365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 Sunday) of week `w` (5 the last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)

        /// The date it names in `year`, in days since 1970-01-01.
        func daysSinceEpoch(in year: Int) -> Int {
            let january1 = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
            let leap = CivilDate.daysIn(month: 2, year: year) == 29
            switch self {
            case .julian(let day):
                return january1 + day - 1 + (leap && day >= 60 ? 1 : 0)
            case .zeroBased(let day):
                return january1 + day
            case .monthWeekDay(let month, let week, let weekday):
                let first = CivilDate(year: year, month: month, day: 1).daysSinceEpoch
                // 1970-01-01 was a Thursday (4 when Sunday is 0).
                let firstWeekday = ((first + 4) % 7 + 7) % 7
                var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
                while day > CivilDate.daysIn(month: month, year: year) { day -= 7 }
                return first + day - 1
            }
        }
    }

    /// Standard time's offset, seconds east of UTC.
    var standardOffset: Int
    /// Daylight-saving time: its offset and the local times it starts and ends (the start read in
    /// standard time, the end in daylight-saving time); nil for a zone without one.
    var daylight: (offset: Int, start: Day, startTime: Int, end: Day, endTime: Int)?

    /// Reads a `TZ` string; nil when it is not one this reader understands.
    init?(_ text: String) {
        var reader = Reader(bytes: Array(text.utf8))
        guard reader.name(), let standard = reader.time(signed: true) else { return nil }
        // POSIX offsets are west of UTC: `CST-8` is eight hours east.
        standardOffset = -standard
        if reader.atEnd {
            daylight = nil
            return
        }
        guard reader.name() else { return nil }
        var daylightOffset = standardOffset + 3600
        if !reader.peek(",") {
            guard let value = reader.time(signed: true) else { return nil }
            daylightOffset = -value
        }
        guard reader.take(","), let start = reader.day() else { return nil }
        var startTime = 7200
        if reader.take("/") {
            guard let value = reader.time(signed: true) else { return nil }
            startTime = value
        }
        guard reader.take(","), let end = reader.day() else { return nil }
        var endTime = 7200
        if reader.take("/") {
            guard let value = reader.time(signed: true) else { return nil }
            endTime = value
        }
        guard reader.atEnd else { return nil }
        daylight = (daylightOffset, start, startTime, end, endTime)
    }

    /// The changes of offset this rule makes in `year`, in order.
    func transitions(in year: Int) -> [ZoneRules.Transition] {
        guard let daylight else { return [] }
        let start = Int64(daylight.start.daysSinceEpoch(in: year)) * 86_400 + Int64(daylight.startTime - standardOffset)
        let end = Int64(daylight.end.daysSinceEpoch(in: year)) * 86_400 + Int64(daylight.endTime - daylight.offset)
        return [
            ZoneRules.Transition(at: Instant(seconds: start), offset: daylight.offset),
            ZoneRules.Transition(at: Instant(seconds: end), offset: standardOffset),
        ].sorted { $0.at < $1.at }
    }

    /// A cursor over a `TZ` string.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        func peek(_ character: Unicode.Scalar) -> Bool {
            index < bytes.count && bytes[index] == UInt8(ascii: character)
        }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard peek(character) else { return false }
            index += 1
            return true
        }

        /// A zone abbreviation: three or more letters, or `<...>` of letters, digits and signs.
        mutating func name() -> Bool {
            let start = index
            if take("<") {
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                guard take(">") else { return false }
                return index - start >= 5
            }
            while index < bytes.count, (65...90).contains(bytes[index]) || (97...122).contains(bytes[index]) {
                index += 1
            }
            return index - start >= 3
        }

        mutating func number() -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, (48...57).contains(bytes[index]), index - start < 3 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            return index > start ? value : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds.
        mutating func time(signed: Bool) -> Int? {
            var sign = 1
            if signed, take("-") { sign = -1 } else if signed { _ = take("+") }
            guard let hours = number() else { return nil }
            var seconds = hours * 3600
            if take(":") {
                guard let minutes = number() else { return nil }
                seconds += minutes * 60
                if take(":") {
                    guard let rest = number() else { return nil }
                    seconds += rest
                }
            }
            return sign * seconds
        }

        mutating func day() -> Day? {
            if take("J") {
                guard let day = number(), (1...365).contains(day) else { return nil }
                return .julian(day)
            }
            if take("M") {
                guard let month = number(), (1...12).contains(month), take("."),
                    let week = number(), (1...5).contains(week), take("."),
                    let weekday = number(), (0...6).contains(weekday)
                else { return nil }
                return .monthWeekDay(month: month, week: week, weekday: weekday)
            }
            guard let day = number(), (0...365).contains(day) else { return nil }
            return .zeroBased(day)
        }
    }
}
