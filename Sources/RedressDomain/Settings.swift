/// The time limits and thresholds an administrator can change (`GET/PATCH /v1/settings`).
public struct Settings: Sendable, Equatable {
    /// Hours allowed for the first response and for resolution, counted from `received_at`.
    public struct Limits: Sendable, Equatable {
        public var firstResponseHours: Double
        public var resolutionHours: Double

        /// Limits from their two durations in hours.
        public init(firstResponseHours: Double, resolutionHours: Double) {
            self.firstResponseHours = firstResponseHours
            self.resolutionHours = resolutionHours
        }
    }

    /// Limits per priority.
    public var sla: [Priority: Limits]
    /// Hours after resolution within which the customer must be called back.
    public var followUpHours: Double
    /// The share of a limit's time after which an unmet deadline is at risk.
    public var atRiskRatio: Double
    /// How far back a complaint with the same contact and subject counts as a repeat.
    public var repeatWindowDays: Int
    /// Which proposals need approval, and whose.
    public var approval: ApprovalPolicy
    /// The currency amounts are in when a request names none (ISO 4217).
    public var currency: String
    /// The region (ISO 3166-1 alpha-2, one of `PhoneNumber.regions`) whose numbering a phone
    /// number written without a country calling code is read in.
    public var defaultPhoneRegion: String
    /// How long a complaint waits on the customer (`awaiting_customer`) without a reply before the
    /// sweep records a reminder (`complaint.reply_reminder`), once per wait; nil for never.
    /// Counted from the question, in the calendar of the complaint's resolution clock.
    public var noReplyReminder: TimeLimitTarget?
    /// How long before the sweep withdraws it with reason `no_reply`; nil for never.
    public var noReplyWithdraw: TimeLimitTarget?

    /// The defaults: critical 2 h / 24 h, high 8 h / 72 h, normal 24 h / 168 h, follow-up 24 h.
    public static let defaults = Settings(
        sla: [
            .critical: Limits(firstResponseHours: 2, resolutionHours: 24),
            .high: Limits(firstResponseHours: 8, resolutionHours: 72),
            .normal: Limits(firstResponseHours: 24, resolutionHours: 168),
        ],
        followUpHours: 24, atRiskRatio: 0.8, repeatWindowDays: 90, approval: .defaults, currency: "CNY",
        defaultPhoneRegion: "CN"
    )

    /// Settings from every value.
    public init(
        sla: [Priority: Limits], followUpHours: Double, atRiskRatio: Double, repeatWindowDays: Int,
        approval: ApprovalPolicy, currency: String, defaultPhoneRegion: String,
        noReplyReminder: TimeLimitTarget? = nil, noReplyWithdraw: TimeLimitTarget? = nil
    ) {
        self.noReplyReminder = noReplyReminder
        self.noReplyWithdraw = noReplyWithdraw
        self.sla = sla
        self.followUpHours = followUpHours
        self.atRiskRatio = atRiskRatio
        self.repeatWindowDays = repeatWindowDays
        self.approval = approval
        self.currency = currency
        self.defaultPhoneRegion = defaultPhoneRegion
    }

    /// `defaultPhoneRegion`'s numbering, China's if it names none known (settings are validated, so it does).
    public var phoneRegion: PhoneNumber.Region {
        PhoneNumber.regions[defaultPhoneRegion] ?? PhoneNumber.regions["CN"]!
    }

    /// `phone` in E.164, read in `defaultPhoneRegion` when it has no calling code; nil when it
    /// cannot be a phone number in any region.
    public func e164(_ phone: String) -> String? {
        PhoneNumber.e164(phone, region: phoneRegion)
    }

    /// The limits for a priority.
    public func limits(for priority: Priority) -> Limits {
        sla[priority] ?? Self.defaults.sla[priority]!
    }

    /// When the first response and the resolution are due for a complaint received at `receivedAt`.
    public func dueDates(receivedAt: Instant, priority: Priority) -> (firstResponse: Instant, resolution: Instant) {
        let limits = limits(for: priority)
        return (receivedAt.adding(hours: limits.firstResponseHours), receivedAt.adding(hours: limits.resolutionHours))
    }
}
