import JSON
import RedressDomain
import RedressStore

/// The settings as `GET/PATCH /v1/settings` show them and as the `settings` table stores them:
/// one JSON document, so a stored document is read exactly as a patch over the defaults is.
///
/// `{sla: {critical|high|normal: {first_response_hours, resolution_hours}}, follow_up_hours,
/// at_risk_ratio, repeat_window_days, approval_threshold_minor, approval_threshold_manager_minor,
/// approval_required_for, approval_zero_compensation_counts, auto_approve_without_amount, currency,
/// default_phone_region, no_reply_reminder, no_reply_withdraw}`, the last two each a target
/// `{unit, amount}` as the time-limit policies write them, or null for off.
enum SettingsJSON {
    /// The key the document is stored under in the `settings` table.
    static let storageKey = "sla_settings"
    /// The longest limit, ten years: it keeps every due date within what an `Instant` holds.
    static let maxHours = 87_600.0
    /// The longest repeat window, a hundred years, for the same reason.
    static let maxRepeatWindowDays: Int64 = 36_500

    /// The settings as a JSON object, priorities from the most urgent.
    static func encode(_ settings: Settings) -> [UInt8] {
        var json = JSONWriter(capacity: 384)
        json.beginObject()
        json.key("sla")
        json.beginObject()
        for priority in Priority.allCases.reversed() {
            let limits = settings.limits(for: priority)
            json.key(dynamic: priority.rawValue)
            json.beginObject()
            json.field("first_response_hours", limits.firstResponseHours)
            json.field("resolution_hours", limits.resolutionHours)
            json.endObject()
        }
        json.endObject()
        json.field("follow_up_hours", settings.followUpHours)
        json.field("at_risk_ratio", settings.atRiskRatio)
        json.field("repeat_window_days", settings.repeatWindowDays)
        json.field("approval_threshold_minor", settings.approval.thresholdMinor)
        json.field("approval_threshold_manager_minor", settings.approval.managerThresholdMinor)
        json.key("approval_required_for")
        json.beginArray()
        // In the order the remedies are listed everywhere else, so the document is stable.
        for remedy in Remedy.allCases where settings.approval.requiredFor.contains(remedy) {
            json.string(remedy.rawValue)
        }
        json.endArray()
        json.field("approval_zero_compensation_counts", settings.approval.zeroCompensationCounts)
        json.field("auto_approve_without_amount", settings.approval.autoApproveWithoutAmount)
        json.field("currency", settings.currency)
        json.field("default_phone_region", settings.defaultPhoneRegion)
        for (name, target) in [
            ("no_reply_reminder", settings.noReplyReminder), ("no_reply_withdraw", settings.noReplyWithdraw),
        ] {
            json.key(dynamic: name)
            if let target { json.value(PolicyJSON.encode(target)) } else { json.null() }
        }
        json.endObject()
        return json.bytes
    }

    /// Applies a JSON merge patch (RFC 7396) to `settings`: a member sets its value, `sla` and each
    /// priority in it merge member by member, and `null` restores a value's default. Unknown
    /// members and wrong types are recorded in the body's errors; `validate` judges the values.
    static func merge(_ body: inout RequestBody, into settings: inout Settings) {
        let defaults = Settings.defaults
        body.rejectUnknown([
            "sla", "follow_up_hours", "at_risk_ratio", "repeat_window_days", "approval_threshold_minor",
            "approval_threshold_manager_minor", "approval_required_for", "approval_zero_compensation_counts",
            "auto_approve_without_amount", "currency", "default_phone_region", "no_reply_reminder",
            "no_reply_withdraw",
        ])
        settings.sla = member("sla", of: &body, current: settings.sla, default: defaults.sla) { body in
            body.object("sla") { sla in
                sla.rejectUnknown(Set(Priority.allCases.map(\.rawValue)))
                var limits = settings.sla
                for priority in Priority.allCases {
                    limits[priority] = member(
                        priority.rawValue, of: &sla, current: settings.limits(for: priority),
                        default: defaults.limits(for: priority)
                    ) { sla in
                        sla.object(priority.rawValue) {
                            merged(&$0, into: settings.limits(for: priority), defaults: defaults.limits(for: priority))
                        }
                    }
                }
                return limits
            }
        }
        settings.followUpHours = member(
            "follow_up_hours", of: &body, current: settings.followUpHours,
            default: defaults.followUpHours
        ) { $0.number("follow_up_hours", in: anyNumber) }
        settings.atRiskRatio = member(
            "at_risk_ratio", of: &body, current: settings.atRiskRatio,
            default: defaults.atRiskRatio
        ) { $0.number("at_risk_ratio", in: anyNumber) }
        settings.repeatWindowDays = member(
            "repeat_window_days", of: &body, current: settings.repeatWindowDays,
            default: defaults.repeatWindowDays
        ) {
            $0.integer("repeat_window_days", in: 1...maxRepeatWindowDays).map(Int.init)
        }
        let approval = settings.approval
        settings.approval.thresholdMinor = member(
            "approval_threshold_minor", of: &body, current: approval.thresholdMinor,
            default: defaults.approval.thresholdMinor
        ) {
            $0.integer("approval_threshold_minor", in: 0...Int64.max)
        }
        settings.approval.managerThresholdMinor = member(
            "approval_threshold_manager_minor", of: &body,
            current: approval.managerThresholdMinor,
            default: defaults.approval.managerThresholdMinor
        ) {
            $0.integer("approval_threshold_manager_minor", in: 0...Int64.max).map { Optional($0) }
        }
        settings.approval.requiredFor = member(
            "approval_required_for", of: &body, current: approval.requiredFor,
            default: defaults.approval.requiredFor
        ) { body -> Set<Remedy>? in
            let remedies: [Remedy]? = body.choices("approval_required_for")
            if let remedies, Set(remedies).count != remedies.count {
                body.errors.append(FieldError("approval_required_for", "must not repeat a remedy"))
            }
            return remedies.map(Set.init)
        }
        settings.approval.zeroCompensationCounts = member(
            "approval_zero_compensation_counts", of: &body,
            current: approval.zeroCompensationCounts,
            default: defaults.approval.zeroCompensationCounts
        ) {
            $0.bool("approval_zero_compensation_counts")
        }
        settings.approval.autoApproveWithoutAmount = member(
            "auto_approve_without_amount", of: &body,
            current: approval.autoApproveWithoutAmount,
            default: defaults.approval.autoApproveWithoutAmount
        ) {
            $0.bool("auto_approve_without_amount")
        }
        settings.currency = member("currency", of: &body, current: settings.currency, default: defaults.currency) {
            $0.string("currency")
        }
        settings.defaultPhoneRegion = member(
            "default_phone_region", of: &body, current: settings.defaultPhoneRegion,
            default: defaults.defaultPhoneRegion
        ) { $0.string("default_phone_region") }
        settings.noReplyReminder = member(
            "no_reply_reminder", of: &body, current: settings.noReplyReminder, default: defaults.noReplyReminder
        ) { body in
            body.object("no_reply_reminder") { target(from: &$0, field: "no_reply_reminder") }.map { Optional($0) }
        }
        settings.noReplyWithdraw = member(
            "no_reply_withdraw", of: &body, current: settings.noReplyWithdraw, default: defaults.noReplyWithdraw
        ) { body in
            body.object("no_reply_withdraw") { target(from: &$0, field: "no_reply_withdraw") }.map { Optional($0) }
        }
    }

    // A limit for the customer's reply: `{unit, amount}` as a policy's target is written.
    private static func target(from body: inout RequestBody, field: String) -> TimeLimitTarget? {
        body.rejectUnknown(["unit", "amount"])
        let unit = body.string("unit", required: true)
        let amount = body.number("amount", in: anyNumber)
        guard let unit else { return nil }
        do {
            return try TimeLimitTarget(unit: unit, amount: amount, field: field)
        } catch {
            body.errors += error.errors
            return nil
        }
    }

    /// Every rule the settings break, under the fields' paths; empty when they can be used.
    static func validate(_ settings: Settings) -> [FieldError] {
        var errors: [FieldError] = []
        func checkHours(_ hours: Double, _ field: String) {
            if !(hours > 0 && hours <= maxHours) {
                errors.append(FieldError(field, "must be more than 0 and at most \(Int(maxHours)) hours"))
            }
        }
        for priority in Priority.allCases.reversed() {
            let limits = settings.limits(for: priority)
            let path = "sla.\(priority.rawValue)."
            checkHours(limits.firstResponseHours, path + "first_response_hours")
            checkHours(limits.resolutionHours, path + "resolution_hours")
            if limits.firstResponseHours > limits.resolutionHours {
                errors.append(FieldError(path + "first_response_hours", "must not be more than resolution_hours"))
            }
        }
        checkHours(settings.followUpHours, "follow_up_hours")
        errors += settings.approval.validate()
        if !(settings.atRiskRatio > 0 && settings.atRiskRatio <= 1) {
            errors.append(FieldError("at_risk_ratio", "must be more than 0 and at most 1"))
        }
        if let reminder = settings.noReplyReminder, let withdraw = settings.noReplyWithdraw,
            reminder.unit == withdraw.unit, (withdraw.amount ?? 0) <= (reminder.amount ?? 0)
        {
            errors.append(FieldError("no_reply_withdraw", "must be later than no_reply_reminder"))
        }
        if !ActionInput.isCurrencyCode(settings.currency) {
            errors.append(FieldError("currency", "must be a three-letter ISO 4217 code in capitals, such as CNY"))
        }
        if PhoneNumber.regions[settings.defaultPhoneRegion] == nil {
            errors.append(
                FieldError(
                    "default_phone_region",
                    "must be one of \(PhoneNumber.regions.keys.sorted().joined(separator: ", "))"))
        }
        return errors
    }

    /// The settings a stored document describes, over the defaults for anything it leaves out.
    static func decode(stored text: String) throws -> Settings {
        var settings = Settings.defaults
        do {
            var body = try RequestBody.parse(json: Array(text.utf8))
            merge(&body, into: &settings)
            try body.validate()
        } catch {
            throw StoreError.corrupt("settings '\(text)': \(error)")
        }
        let errors = validate(settings)
        guard errors.isEmpty else { throw StoreError.corrupt("settings '\(text)': \(errors)") }
        return settings
    }

    // Any finite number: the range is `validate`'s to judge, with messages naming the rule.
    private static let anyNumber = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude

    // One priority's limits with the members the patch gives.
    private static func merged(
        _ body: inout RequestBody, into current: Settings.Limits,
        defaults: Settings.Limits
    ) -> Settings.Limits {
        body.rejectUnknown(["first_response_hours", "resolution_hours"])
        var limits = current
        limits.firstResponseHours = member(
            "first_response_hours", of: &body, current: current.firstResponseHours,
            default: defaults.firstResponseHours
        ) {
            $0.number("first_response_hours", in: anyNumber)
        }
        limits.resolutionHours = member(
            "resolution_hours", of: &body, current: current.resolutionHours,
            default: defaults.resolutionHours
        ) { $0.number("resolution_hours", in: anyNumber) }
        return limits
    }

    // A member's new value: unchanged when absent, the default when null, else what `read` finds
    // (the current value when it found an error, which the body has recorded).
    private static func member<Value>(
        _ name: String, of body: inout RequestBody, current: Value, default defaultValue: Value,
        read: (inout RequestBody) -> Value?
    ) -> Value {
        guard body.has(name) else { return current }
        if case .null? = body.value(name) { return defaultValue }
        return read(&body) ?? current
    }
}
