import JSON
import RedressDomain

/// A working calendar as the API reads and writes it (`/v1/calendars/{key}`), and as it is
/// stored: `zone`, `hours` per weekday as spans written `09:00-18:00`, `holidays` as dates written
/// `2026-10-01`, and `extra_working_days` as `{date, spans?}`. Shapes only: what the values may
/// be is `WorkingCalendar.Definition.validated`'s to judge.
enum CalendarJSON {
    /// The fields a calendar's body may have.
    static let fields: Set<String> = ["zone", "hours", "holidays", "extra_working_days"]

    /// The definition in `body`, keyed `key`; nil with the errors recorded when it cannot be read.
    static func definition(key: String, from body: inout RequestBody) -> WorkingCalendar.Definition? {
        body.rejectUnknown(fields)
        let zone = body.string("zone", required: true)
        let hours = body.object("hours", required: true) { nested -> [Weekday: [WorkingSpan]]? in
            nested.rejectUnknown(Set(Weekday.allCases.map(\.rawValue)))
            var hours: [Weekday: [WorkingSpan]] = [:]
            for weekday in Weekday.allCases {
                if let spans = spans(weekday.rawValue, from: &nested) { hours[weekday] = spans }
            }
            return hours
        }
        let holidays = dates(body.strings("holidays") ?? [], field: "holidays", into: &body)
        let extras =
            body.objects("extra_working_days") { nested -> WorkingCalendar.ExtraWorkingDay? in
                nested.rejectUnknown(["date", "spans"])
                let date = nested.string("date", required: true).flatMap { text in
                    parse(date: text, field: nested.fieldPath + "date", into: &nested)
                }
                let spans = spans("spans", from: &nested)
                return date.map { WorkingCalendar.ExtraWorkingDay(date: $0, spans: spans) }
            } ?? []
        guard let zone, let hours, let holidays = present(holidays), let extras = present(extras) else { return nil }
        return WorkingCalendar.Definition(
            key: key, zone: zone, hours: hours, holidays: holidays, extraWorkingDays: extras)
    }

    /// The calendar as the API shows it: its key, version, and what was stored.
    static func encode(_ definition: WorkingCalendar.Definition, version: Int) -> JSONValue {
        .object([("key", .string(definition.key)), ("version", .int(Int64(version)))] + members(of: definition))
    }

    /// What is stored of a calendar: the body a PUT takes.
    static func body(of definition: WorkingCalendar.Definition) -> JSONValue {
        .object(members(of: definition))
    }

    private static func members(of definition: WorkingCalendar.Definition) -> [(String, JSONValue)] {
        func spans(_ spans: [WorkingSpan]) -> JSONValue { .array(spans.map { .string($0.description) }) }
        return [
            ("zone", .string(definition.zone)),
            ("hours", .object(Weekday.allCases.map { ($0.rawValue, spans(definition.hours[$0] ?? [])) })),
            ("holidays", .array(definition.holidays.map { .string(write($0)) })),
            (
                "extra_working_days",
                .array(
                    definition.extraWorkingDays.map { extra in
                        .object([("date", .string(write(extra.date))), ("spans", extra.spans.map(spans) ?? .null)])
                    })
            ),
        ]
    }

    /// `2026-10-01`.
    static func write(_ date: CivilDate) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(date.year, 4))-\(padded(date.month, 2))-\(padded(date.day, 2))"
    }

    /// A date written `YYYY-MM-DD`; whether it is a real one is validation's to say.
    static func parse(date text: String, field: String, into body: inout RequestBody) -> CivilDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.indices.allSatisfy({ $0 == 4 || $0 == 7 || (48...57).contains(bytes[$0]) })
        else {
            body.errors.append(FieldError(field, "must be a date written YYYY-MM-DD, such as 2026-10-01"))
            return nil
        }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        return CivilDate(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    }

    /// The items unwrapped, or nil when any is nil (an item that could not be read).
    static func present<T>(_ items: [T?]) -> [T]? {
        var unwrapped: [T] = []
        for item in items {
            guard let item else { return nil }
            unwrapped.append(item)
        }
        return unwrapped
    }

    private static func dates(_ texts: [String], field: String, into body: inout RequestBody) -> [CivilDate?] {
        texts.enumerated().map { index, text in parse(date: text, field: "\(field)[\(index)]", into: &body) }
    }

    // A list of spans written `09:00-18:00`; nil when absent.
    private static func spans(_ name: String, from body: inout RequestBody) -> [WorkingSpan]? {
        guard let texts = body.strings(name) else { return nil }
        var spans: [WorkingSpan] = []
        for (index, text) in texts.enumerated() {
            guard let span = WorkingSpan(text) else {
                body.errors.append(
                    FieldError(
                        "\(body.fieldPath)\(name)[\(index)]", "must be a span written HH:MM-HH:MM, such as 09:00-18:00")
                )
                continue
            }
            spans.append(span)
        }
        return spans
    }
}
