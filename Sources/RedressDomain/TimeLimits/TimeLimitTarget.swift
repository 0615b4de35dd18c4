/// How long a clock may run, as regulations write it: "within 24 hours", "within 3 working days",
/// "15 days", "on the day". Only the throwing initialiser makes one, so a target in hand is valid:
/// more than zero and at most 365 days.
///
/// - `calendar_hours` (may be fractional): that much time on the clock, nights and weekends
///   included; "within a week" is `calendar_hours: 168`, as today's defaults count it.
/// - `working_hours` (may be fractional): that much of the calendar's working time.
/// - `calendar_days`: until the end (24:00 in the calendar's zone) of the N-th day after the day of
///   receipt — "15 days" in the regulations; the day of receipt does not count.
/// - `working_days`: until the close of business of the N-th working day after the day of receipt.
///   The day of receipt never counts, whatever the hour (the hour and day a period starts in are
///   not counted in it), so "contact the customer within 1 working day" of a complaint received on
///   Monday is due at Tuesday's close; received on Friday evening, at Monday's close.
/// - `same_day` (no amount): by the close of business of the day of receipt, or of the next working
///   day when it arrives after the close or on a day off — "callback on the day of resolution".
public struct TimeLimitTarget: Sendable, Hashable, CustomStringConvertible {
    /// What the amount counts.
    public enum Unit: String, Sendable, CaseIterable {
        case calendarHours = "calendar_hours"
        case workingHours = "working_hours"
        case calendarDays = "calendar_days"
        case workingDays = "working_days"
        case sameDay = "same_day"

        /// Whether the clock counts only the calendar's working time (else all time); pauses and
        /// the at-risk share are measured the same way.
        public var countsWorkingTime: Bool {
            switch self {
            case .calendarHours, .calendarDays: false
            case .workingHours, .workingDays, .sameDay: true
            }
        }
    }

    /// Longest target in days; in hours, 24 times this.
    public static let maxDays = 365

    public let unit: Unit
    /// Hours or days; nil for `same_day`.
    public let amount: Double?

    /// A target of `amount` `unit`s; throws, naming `field` (or `field.unit`, `field.amount`), when
    /// the amount is missing, zero or less, more than 365 days, not whole for a day unit, or given
    /// for `same_day`.
    public init(_ unit: Unit, _ amount: Double?, field: String = "target") throws(InvalidFields) {
        let path = field + ".amount"
        switch (unit, amount) {
        case (.sameDay, nil):
            break
        case (.sameDay, .some):
            throw InvalidFields([FieldError(path, "must be left out for same_day")])
        case (_, nil):
            throw InvalidFields([FieldError(path, "is required for \(unit.rawValue)")])
        case (.calendarHours, let hours?), (.workingHours, let hours?):
            guard hours.isFinite, hours > 0, hours <= Double(Self.maxDays * 24) else {
                throw InvalidFields([FieldError(path, "must be more than 0 and at most \(Self.maxDays * 24) hours")])
            }
        case (.calendarDays, let days?), (.workingDays, let days?):
            guard days.isFinite, days >= 1, days <= Double(Self.maxDays), days == days.rounded() else {
                throw InvalidFields([
                    FieldError(
                        path,
                        "must be a whole number of days from 1 to \(Self.maxDays); use same_day for the day itself")
                ])
            }
        }
        self.unit = unit
        self.amount = amount
    }

    /// A target taken as it is: for the default policies, which mirror `Settings` and so allow
    /// what settings allow (hours up to ten years).
    init(unchecked unit: Unit, _ amount: Double?) {
        self.unit = unit
        self.amount = amount
    }

    /// Reads a unit's name (`working_days`), then as `init`; an unknown name is an error at `field.unit`.
    public init(unit name: String, amount: Double?, field: String = "target") throws(InvalidFields) {
        guard let unit = Unit(rawValue: name) else {
            let names = Unit.allCases.map(\.rawValue).joined(separator: ", ")
            throw InvalidFields([FieldError(field + ".unit", "must be one of \(names)")])
        }
        try self.init(unit, amount, field: field)
    }

    /// `3 working_days`, `1.5 calendar_hours`, `same_day`.
    public var description: String {
        guard let amount else { return unit.rawValue }
        let number = amount == amount.rounded() ? String(Int(amount)) : String(amount)
        return "\(number) \(unit.rawValue)"
    }

    /// The hours as whole seconds, rounded as `Instant.adding(hours:)` rounds them (hour units).
    var seconds: Int64 { Int64(((amount ?? 0) * 3600).rounded()) }

    /// The days (day units).
    var days: Int { Int(amount ?? 0) }
}
