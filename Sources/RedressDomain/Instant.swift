/// A moment in time to the second, as UTC seconds since 1970; formatted as RFC 3339.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64

    /// The instant `seconds` after the Unix epoch.
    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    /// The instant `hours` later (earlier when negative).
    public func adding(hours: Double) -> Instant {
        Instant(seconds: seconds + Int64((hours * 3600).rounded()))
    }

    /// The instant `seconds` later.
    public func adding(seconds delta: Int64) -> Instant {
        Instant(seconds: seconds + delta)
    }

    /// `2026-11-22T05:40:17Z`.
    public var description: String { rfc3339 }

    /// The RFC 3339 form in UTC, such as `2026-11-22T05:40:17Z`.
    public var rfc3339: String {
        var text = ""
        withRFC3339 { text = String(decoding: $0, as: UTF8.self) }
        return text
    }

    /// Calls `body` with the 20 bytes of the RFC 3339 form, written on the stack: every complaint
    /// served carries up to ten of these, and a response needs no `String` for them.
    public func withRFC3339(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let days = CivilDate.days(containing: seconds)
        let date = CivilDate(daysSinceEpoch: days)
        let time = Int(seconds - Int64(days) * 86_400)
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &text) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            func put(_ value: Int, at offset: Int) {
                (buffer[offset], buffer[offset + 1]) = (UInt8(48 + value / 10), UInt8(48 + value % 10))
            }
            put(date.year / 100, at: 0)
            put(date.year % 100, at: 2)
            put(date.month, at: 5)
            put(date.day, at: 8)
            put(time / 3600, at: 11)
            put(time / 60 % 60, at: 14)
            put(time % 60, at: 17)
            (buffer[4], buffer[7], buffer[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
            (buffer[13], buffer[16], buffer[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
            body(UnsafeBufferPointer(rebasing: buffer[..<20]))
        }
    }

    /// Reads an RFC 3339 date-time (`2026-11-22T13:40:17+08:00`, `2026-11-22T05:40:17.5Z`);
    /// fractions of a second are dropped. Nil for anything else, including impossible dates.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int, in allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        guard bytes.count >= 20,
            let year = number(0..<4), byte(4, in: "-"), let month = number(5..<7), byte(7, in: "-"),
            let day = number(8..<10), byte(10, in: "Tt "), let hour = number(11..<13), byte(13, in: ":"),
            let minute = number(14..<16), byte(16, in: ":"), let second = number(17..<19),
            (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        if byte(index, in: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start else { return nil }
        }
        var offset = 0
        if byte(index, in: "Zz"), index + 1 == bytes.count {
            offset = 0
        } else if byte(index, in: "+-"), index + 6 == bytes.count, byte(index + 3, in: ":"),
            let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6),
            hours < 24, minutes < 60
        {
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }
}

/// A proleptic Gregorian calendar date, converted to and from days since 1970-01-01.
public struct CivilDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A date from its parts, assumed valid.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local calendar date of `instant` at a UTC offset of `offset` seconds.
    public init(instant: Instant, offset: Int) {
        self.init(daysSinceEpoch: Self.days(containing: instant.seconds + Int64(offset)))
    }

    /// The day `seconds` after 1970-01-01T00:00:00 falls on, in days since then (floored).
    static func days(containing seconds: Int64) -> Int {
        Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// The date `days` after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        // Days to civil date, counting in 400-year eras that begin on 0000-03-01 so that the
        // leap day falls at the end of each year of the cycle.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this date.
    public var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date as ISO 8601 writes it, `2026-12-07`, as SQLite's `date()` does.
    public var iso8601: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// How many days the month has.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
