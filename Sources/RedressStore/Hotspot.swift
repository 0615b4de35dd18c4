import RedressDomain

/// A category or subject whose complaints suddenly rose: `GET /v1/stats/hotspots`.
///
/// The rule: over the last window (`windowStart`, `windowEnd`] a key is hot when its count is at
/// least `minimumCount` and at least `factor` times its baseline, the mean count per window over
/// the `baselineWindows` windows of the same length just before. With a baseline of 0 the count
/// alone decides and the ratio is nil.
public struct Hotspot: Sendable {
    /// What is counted.
    public enum Dimension: String, Sendable {
        /// The complaint's category key.
        case category
        /// The complaint's `subject.ref`, such as a product or order number.
        case subject
    }

    /// How many complaints make a hot spot at the least.
    public static let minimumCount = 5
    /// How many times its baseline a count must reach.
    public static let factor = 3
    /// How many earlier windows the baseline averages.
    public static let baselineWindows = 4

    public var dimension: Dimension
    public var key: String
    /// Complaints in the last window.
    public var count: Int
    /// The mean count per window over the earlier windows.
    public var baseline: Double
    /// `count / baseline`, rounded to two decimals; nil when the baseline is 0.
    public var ratio: Double?
}
