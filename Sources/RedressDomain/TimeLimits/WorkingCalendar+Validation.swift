extension WorkingCalendar.Definition {
    /// Most holidays, and most extra working days, a calendar lists.
    public static let maxDates = 2000
    /// Most spans in one day.
    public static let maxSpansPerDay = 48
    /// The years a holiday or extra working day can fall in.
    public static let years = 1970...2200

    /// The calendar this definition describes, with its zone's rules from `zones`; throws every
    /// problem, each naming its field (`key`, `zone`, `hours.monday[1].end`, `holidays[3]`,
    /// `extra_working_days[0].date`, `extra_working_days[0].spans[1].start`).
    public func validated(zones: (String) -> ZoneRules? = ZoneRules.system) throws(InvalidFields) -> WorkingCalendar {
        var errors: [FieldError] = []
        if !Self.isKey(key) {
            errors.append(
                FieldError(
                    "key", "must be 1 to 100 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit"))
        }
        let rules = ZoneRules.isIdentifier(zone) ? zones(zone) : nil
        if rules == nil {
            errors.append(
                FieldError("zone", "'\(zone)' is not a known IANA time zone, such as Asia/Shanghai or Europe/Berlin"))
        }
        for weekday in Weekday.allCases {
            Self.check(hours[weekday] ?? [], "hours.\(weekday.rawValue)", into: &errors)
        }
        if Weekday.allCases.allSatisfy({ (hours[$0] ?? []).isEmpty }) {
            errors.append(
                FieldError("hours", "must give working hours on at least one weekday: the calendar has no working time")
            )
        }
        if holidays.count > Self.maxDates {
            errors.append(FieldError("holidays", "must list at most \(Self.maxDates) dates"))
        }
        var firstSeen: [Int: String] = [:]
        for (index, date) in holidays.enumerated() {
            Self.check(date, "holidays[\(index)]", seen: &firstSeen, into: &errors)
        }
        if extraWorkingDays.count > Self.maxDates {
            errors.append(FieldError("extra_working_days", "must list at most \(Self.maxDates) dates"))
        }
        for (index, extra) in extraWorkingDays.enumerated() {
            let path = "extra_working_days[\(index)]"
            Self.check(extra.date, path + ".date", seen: &firstSeen, into: &errors)
            if let spans = extra.spans {
                if spans.isEmpty {
                    errors.append(
                        FieldError(path + ".spans", "must list at least one span; a day off belongs in holidays"))
                }
                Self.check(spans, path + ".spans", into: &errors)
            } else if (hours[.monday] ?? []).isEmpty {
                errors.append(
                    FieldError(
                        path + ".spans",
                        "is required: an extra working day without spans works Monday's hours, and Monday has none"))
            }
        }
        guard errors.isEmpty, let rules else { throw InvalidFields(errors) }
        return WorkingCalendar(validDefinition: self, zone: rules)
    }

    /// Whether `key` can name a calendar: 1 to 100 ASCII letters, digits, `-`, `_` and `.`,
    /// starting with a letter or digit, so that it sits in a URL path unescaped.
    public static func isKey(_ key: String) -> Bool {
        func alphanumeric(_ byte: UInt8) -> Bool {
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
        }
        guard (1...100).contains(key.utf8.count), let first = key.utf8.first, alphanumeric(first) else { return false }
        return key.utf8.allSatisfy {
            alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func check(_ spans: [WorkingSpan], _ path: String, into errors: inout [FieldError]) {
        if spans.count > maxSpansPerDay {
            errors.append(FieldError(path, "must list at most \(maxSpansPerDay) spans"))
        }
        for (index, span) in spans.enumerated() {
            let spanPath = "\(path)[\(index)]"
            if !(0..<1440).contains(span.start) {
                errors.append(FieldError(spanPath + ".start", "must be a time from 00:00 to 23:59"))
            } else if !(1...1440).contains(span.end) {
                errors.append(FieldError(spanPath + ".end", "must be a time from 00:01 to 24:00"))
            } else if span.end <= span.start {
                errors.append(
                    FieldError(spanPath + ".end", "must be after its start, \(WorkingSpan.clock(span.start))"))
            } else if let other = spans[..<index].firstIndex(where: { $0.start < $0.end && $0.overlaps(span) }) {
                errors.append(FieldError(spanPath, "overlaps \(path)[\(other)] (\(spans[other]))"))
            }
        }
    }

    private static func check(
        _ date: CivilDate, _ path: String, seen: inout [Int: String], into errors: inout [FieldError]
    ) {
        guard years.contains(date.year), (1...12).contains(date.month),
            (1...CivilDate.daysIn(month: date.month, year: date.year)).contains(date.day)
        else {
            errors.append(
                FieldError(path, "must be a real date in the years \(years.lowerBound) to \(years.upperBound)"))
            return
        }
        let day = date.daysSinceEpoch
        if let first = seen[day] {
            errors.append(FieldError(path, "repeats the date of \(first)"))
        } else {
            seen[day] = path
        }
    }
}
