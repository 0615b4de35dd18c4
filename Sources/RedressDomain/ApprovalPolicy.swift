/// Which proposals need approval, and whose (DOMAIN.md step 7: "remedies above an agent's
/// authority need a supervisor's approval"), as the company sets it in the settings.
///
/// A proposal is approved automatically unless a rule below asks for approval; the strictest
/// rule decides who may approve it:
/// - a remedy in `requiredFor` (every refund, every compensation, every proposal...) needs a
///   supervisor, except a compensation of zero when `zeroCompensationCounts` is false;
/// - an amount above `thresholdMinor` needs a supervisor, and above `managerThresholdMinor` (when
///   set) an admin acting as manager;
/// - a proposal with no amount (repair, replacement, an apology) needs a supervisor unless
///   `autoApproveWithoutAmount`.
public struct ApprovalPolicy: Sendable, Equatable {
    /// Remedies that need approval whatever the amount.
    public var requiredFor: Set<Remedy>
    /// Amounts above this need a supervisor (`approval_threshold_minor`).
    public var thresholdMinor: Int64
    /// Amounts above this need an admin (`approval_threshold_manager_minor`); nil for no second level.
    public var managerThresholdMinor: Int64?
    /// Whether a compensation of zero counts as a compensation for `requiredFor`.
    public var zeroCompensationCounts: Bool
    /// Whether a proposal without an amount is approved automatically.
    public var autoApproveWithoutAmount: Bool

    /// Today's rules: a full refund or more than 500.00 needs a supervisor; the rest, including
    /// proposals without an amount, is approved automatically.
    public static let defaults = ApprovalPolicy(
        requiredFor: [.refundFull], thresholdMinor: 50_000, managerThresholdMinor: nil,
        zeroCompensationCounts: true, autoApproveWithoutAmount: true)

    /// A policy from every rule.
    public init(
        requiredFor: Set<Remedy>, thresholdMinor: Int64, managerThresholdMinor: Int64?, zeroCompensationCounts: Bool,
        autoApproveWithoutAmount: Bool
    ) {
        self.requiredFor = requiredFor
        self.thresholdMinor = thresholdMinor
        self.managerThresholdMinor = managerThresholdMinor
        self.zeroCompensationCounts = zeroCompensationCounts
        self.autoApproveWithoutAmount = autoApproveWithoutAmount
    }

    /// The least role that may approve a proposal of `remedies` for `amountMinor`; nil when it is
    /// approved automatically.
    public func approver(for remedies: [Remedy], amountMinor: Int64?) -> Role? {
        var role: Role?
        func require(_ needed: Role) { role = max(role ?? needed, needed) }
        let zeroCompensation = amountMinor == 0 && !zeroCompensationCounts
        if remedies.contains(where: { requiredFor.contains($0) && !($0 == .compensation && zeroCompensation) }) {
            require(.supervisor)
        }
        if let amount = amountMinor {
            if amount > thresholdMinor { require(.supervisor) }
            if let manager = managerThresholdMinor, amount > manager { require(.admin) }
        } else if !autoApproveWithoutAmount {
            require(.supervisor)
        }
        return role
    }

    /// Every rule the policy breaks, under the settings' field names.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if thresholdMinor < 0 { errors.append(FieldError("approval_threshold_minor", "must not be negative")) }
        if let manager = managerThresholdMinor, manager < thresholdMinor {
            errors.append(
                FieldError("approval_threshold_manager_minor", "must not be less than approval_threshold_minor"))
        }
        return errors
    }
}
