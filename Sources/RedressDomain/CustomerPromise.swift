/// What a complainant is told of the time limit on resolving their complaint, on their tracking
/// page: the limit as the regulations word it ("within 5 working days"), the date it falls on in
/// the calendar's own zone, and the time paused waiting on them, in their language. Nothing
/// internal: no policy name, no calendar key.
public struct CustomerPromise: Sendable, Equatable {
    /// The resolution's target, when the complaint records one.
    public var target: TimeLimitTarget?
    /// The limit in words: "within 5 working days", "5个工作日内"; nil without a target.
    public var limit: String?
    /// The instant the resolution is due.
    public var dueAt: Instant
    /// The local date in the calendar's zone by whose end (or close of business) it is due.
    public var dueDate: CivilDate
    /// The promise in one sentence.
    public var text: String
    /// Seconds the clock was paused waiting on the customer and then resumed, in the time it
    /// counts (working time for a working-time target).
    public var pausedFor: Int64
    /// Whether it is paused now, waiting on the customer's reply.
    public var paused: Bool
    /// What the pauses mean for the date, in words; nil when it never paused.
    public var pausedText: String?

    /// The promise of `complaint`'s resolution, its due date read in `zone` (the zone of the
    /// calendar its target counts in), told in `language`.
    public init(_ complaint: Complaint, zone: ZoneRules, language: CustomerLanguage) {
        let target = complaint.timeLimits.clocks[.resolution]?.target
        self.target = target
        dueAt = complaint.resolutionDueAt
        // A deadline at midnight ends the day before: "15 days" is due at 24:00 of the 15th day.
        dueDate = zone.local(dueAt.adding(seconds: -1)).date
        pausedFor = complaint.resolutionPausedFor
        paused = complaint.status == .awaitingCustomer
        let words = Words(language)
        limit = target.map(words.limit)
        text = words.promise(limit: limit, date: dueDate)
        pausedText = words.paused(
            for: pausedFor, workingTime: target?.unit.countsWorkingTime ?? false, now: paused)
    }

    /// Whether a complaint in this state is shown a promise: while it is open and not yet resolved.
    public static func applies(to complaint: Complaint) -> Bool {
        complaint.status.isOpen && complaint.resolvedAt == nil
    }

    /// The promise's sentences in one language.
    private struct Words {
        let language: CustomerLanguage

        init(_ language: CustomerLanguage) {
            self.language = language
        }

        var chinese: Bool { language == .simplifiedChinese }

        func limit(_ target: TimeLimitTarget) -> String {
            let amount = target.amount ?? 0
            let number = amount == amount.rounded() ? String(Int(amount)) : String(amount)
            func english(_ count: String, _ unit: String) -> String {
                "within \(count) \(unit)\(amount == 1 ? "" : "s")"
            }
            switch target.unit {
            case .workingDays: return chinese ? "\(number)个工作日内" : english(number, "working day")
            case .calendarDays: return chinese ? "\(number)天内" : english(number, "day")
            case .workingHours: return chinese ? "\(number)个工作小时内" : english(number, "working hour")
            case .calendarHours:
                // Whole days read as days: 168 hours is "within 7 days".
                if amount >= 24, amount.truncatingRemainder(dividingBy: 24) == 0 {
                    let days = Int(amount / 24)
                    return chinese ? "\(days)天内" : "within \(days) day\(days == 1 ? "" : "s")"
                }
                return chinese ? "\(number)小时内" : english(number, "hour")
            case .sameDay: return chinese ? "当个工作日内" : "within the working day"
            }
        }

        func date(_ date: CivilDate) -> String {
            if chinese { return "\(date.year)年\(date.month)月\(date.day)日" }
            let months = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December",
            ]
            return "\(date.day) \(months[date.month - 1]) \(date.year)"
        }

        func promise(limit: String?, date day: CivilDate) -> String {
            switch (chinese, limit) {
            case (true, let limit?): "我们承诺在\(limit)（\(date(day))前）为您处理完毕。"
            case (true, nil): "我们承诺在\(date(day))前为您处理完毕。"
            case (false, let limit?): "We will resolve your complaint \(limit), by \(date(day))."
            case (false, nil): "We will resolve your complaint by \(date(day))."
            }
        }

        func paused(for seconds: Int64, workingTime: Bool, now: Bool) -> String? {
            var sentences: [String] = []
            if seconds > 0 {
                let length = duration(seconds)
                sentences.append(
                    chinese
                        ? "等待您回复的时间（\(workingTime ? "工作时间" : "")\(length)）不计入处理时限，日期已相应顺延。"
                        : "The time we waited for your reply (\(length)\(workingTime ? " of working time" : "")) "
                            + "does not count, and the date has moved out by as much.")
            }
            if now {
                sentences.append(
                    chinese
                        ? "我们正在等待您的回复，回复前处理时限暂停计算。"
                        : "We are waiting for your reply; the time limit is paused until you answer.")
            }
            return sentences.isEmpty ? nil : sentences.joined(separator: chinese ? "" : " ")
        }

        // Hours and minutes, the parts that are not zero; under a minute as a minute.
        private func duration(_ seconds: Int64) -> String {
            let minutes = max(1, (seconds + 30) / 60)
            let (hours, rest) = (minutes / 60, minutes % 60)
            if chinese {
                return (hours > 0 ? "\(hours)小时" : "") + (rest > 0 ? "\(rest)分钟" : "")
            }
            let parts = [
                hours > 0 ? "\(hours) hour\(hours == 1 ? "" : "s")" : nil,
                rest > 0 ? "\(rest) minute\(rest == 1 ? "" : "s")" : nil,
            ]
            return parts.compactMap { $0 }.joined(separator: " ")
        }
    }
}
