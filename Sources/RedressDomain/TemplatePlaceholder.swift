/// A value a template can name as `{{name}}`, filled in from the complaint it is rendered for.
public enum TemplatePlaceholder: String, Sendable, CaseIterable {
    case complainantName = "complainant_name"
    case number, title
    case resolutionDueAt = "resolution_due_at"
    case department, assignee
    /// Why the complaint was not accepted, as the customer reads it.
    case validityNote = "validity_note"
    /// The remedy offered, as the customer will hear it; its kinds in words; the money, with its currency.
    case proposal, remedies, amount
    /// What was done to resolve it.
    case resolutionNote = "resolution_note"
    /// The customer's tracking code, which only the request rendering it can supply.
    case trackingCode = "tracking_code"

    /// The values for `complaint`, in `language`. What the complaint does not hold yet (a
    /// department, an assignee, a proposal, a note) reads as a general phrase, so a rendered text
    /// never shows an empty gap or a raw placeholder; `departmentName` is the department's display
    /// name, when it has one; `trackingCode` the customer's code, when the caller has it (only its
    /// digest is stored). Dates are local to the zone `utcOffset` seconds from UTC, with the offset
    /// written out.
    public static func values(
        for complaint: Complaint, departmentName: String?, trackingCode: String? = nil,
        language: CustomerLanguage, utcOffset: Int
    ) -> [TemplatePlaceholder: String] {
        let chinese = language == .simplifiedChinese
        let proposal = complaint.proposal
        return [
            .complainantName: complaint.complainant.name,
            .number: complaint.number.description,
            .title: complaint.title,
            .resolutionDueAt: date(complaint.resolutionDueAt, in: language, utcOffset: utcOffset),
            .department: departmentName ?? complaint.department ?? (chinese ? "相关部门" : "the team responsible"),
            .assignee: complaint.assignee ?? (chinese ? "我们的客服专员" : "our customer care team"),
            .validityNote: complaint.validityNote
                ?? (chinese ? "具体原因我们会另行向您说明" : "we will explain our reasons to you separately"),
            .proposal: proposal?.description
                ?? (chinese ? "具体方案我们会尽快告知您" : "the remedy we will tell you about shortly"),
            .remedies: proposal.map { words(for: $0.remedies, in: language) } ?? (chinese ? "待定" : "to be decided"),
            .amount: proposal?.amountMinor.map { money($0, currency: proposal?.currency, in: language) }
                ?? (chinese ? "不涉及款项" : "no payment is involved"),
            .resolutionNote: complaint.resolution?.note ?? (chinese ? "我们已按约定完成处理" : "we have done what we agreed"),
            .trackingCode: trackingCode
                ?? (chinese ? "登记时发给您的查询码" : "the code given to you when your complaint was registered"),
        ]
    }

    // The kinds of remedy in words, joined as a sentence would join them.
    private static func words(for remedies: [Remedy], in language: CustomerLanguage) -> String {
        let chinese = language == .simplifiedChinese
        let names = remedies.map { remedy -> String in
            switch remedy {
            case .apology: chinese ? "致歉" : "an apology"
            case .explanation: chinese ? "情况说明" : "an explanation"
            case .repair: chinese ? "维修" : "a repair"
            case .replacement: chinese ? "更换" : "a replacement"
            case .refundFull: chinese ? "全额退款" : "a full refund"
            case .refundPartial: chinese ? "部分退款" : "a partial refund"
            case .compensation: chinese ? "补偿" : "compensation"
            case .redoService: chinese ? "重新提供服务" : "the service done again"
            case .other: chinese ? "其他补救" : "another remedy"
            }
        }
        if chinese { return names.joined(separator: "、") }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    // `CNY 500.00` or `500.00 元`: minor units in the currency's own decimals (ISO 4217).
    private static func money(_ minor: Int64, currency: String?, in language: CustomerLanguage) -> String {
        let code = currency ?? "CNY"
        let decimals =
            ["JPY", "KRW", "VND", "CLP", "ISK", "UGX"].contains(code)
            ? 0
            : ["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"].contains(code) ? 3 : 2
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = String(minor / scale)
        let fraction = decimals == 0 ? "" : "." + String(String(minor % scale + scale).dropFirst())
        return language == .simplifiedChinese && code == "CNY" ? "\(whole)\(fraction) 元" : "\(code) \(whole)\(fraction)"
    }

    // `29 November 2026, 13:40 (UTC+08:00)` or `2026年11月29日 13:40（UTC+08:00）`: a date a
    // customer reads at a glance, rather than RFC 3339.
    private static func date(_ instant: Instant, in language: CustomerLanguage, utcOffset: Int) -> String {
        let day = CivilDate(instant: instant, offset: utcOffset)
        let local = instant.seconds + Int64(utcOffset)
        let secondsIntoDay = Int(((local % 86_400) + 86_400) % 86_400)
        let time = pad(secondsIntoDay / 3600) + ":" + pad(secondsIntoDay / 60 % 60)
        let hours = abs(utcOffset) / 3600
        let zone =
            utcOffset == 0
            ? "UTC" : "UTC" + (utcOffset < 0 ? "-" : "+") + pad(hours) + ":" + pad(abs(utcOffset) / 60 % 60)
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
