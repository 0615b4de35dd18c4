/// A value a template can name as `{{name}}`, filled in from the complaint it is rendered for.
public enum TemplatePlaceholder: String, Sendable, CaseIterable {
    case complainantName = "complainant_name"
    case number, title
    case resolutionDueAt = "resolution_due_at"
    case department, assignee

    /// The values for `complaint`, in `language`. A department or assignee not yet given reads as
    /// a general phrase, so a rendered text never shows an empty gap or a raw placeholder;
    /// `departmentName` is the department's display name, when it has one. Dates are local to the
    /// zone `utcOffset` seconds from UTC, with the offset written out.
    public static func values(for complaint: Complaint, departmentName: String?, language: CustomerLanguage,
                              utcOffset: Int) -> [TemplatePlaceholder: String] {
        let chinese = language == .simplifiedChinese
        return [
            .complainantName: complaint.complainant.name,
            .number: complaint.number.description,
            .title: complaint.title,
            .resolutionDueAt: date(complaint.resolutionDueAt, in: language, utcOffset: utcOffset),
            .department: departmentName ?? complaint.department ?? (chinese ? "相关部门" : "the team responsible"),
            .assignee: complaint.assignee ?? (chinese ? "我们的客服专员" : "our customer care team"),
        ]
    }

    // `29 November 2026, 13:40 (UTC+08:00)` or `2026年11月29日 13:40（UTC+08:00）`: a date a
    // customer reads at a glance, rather than RFC 3339.
    private static func date(_ instant: Instant, in language: CustomerLanguage, utcOffset: Int) -> String {
        let day = CivilDate(instant: instant, offset: utcOffset)
        let local = instant.seconds + Int64(utcOffset)
        let secondsIntoDay = Int(((local % 86_400) + 86_400) % 86_400)
        let time = pad(secondsIntoDay / 3600) + ":" + pad(secondsIntoDay / 60 % 60)
        let hours = abs(utcOffset) / 3600
        let zone = utcOffset == 0 ? "UTC" : "UTC" + (utcOffset < 0 ? "-" : "+") + pad(hours) + ":" + pad(abs(utcOffset) / 60 % 60)
        switch language {
        case .simplifiedChinese:
            return "\(day.year)年\(day.month)月\(day.day)日 \(time)（\(zone)）"
        case .english:
            return "\(day.day) \(months[day.month - 1]) \(day.year), \(time) (\(zone))"
        }
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
