import RedressDomain

/// What management watches over one period of received complaints (DOMAIN.md "What management
/// watches"), every figure computed by SQLite: `GET /v1/stats/summary`.
public struct ComplaintSummary: Sendable {
    /// The median and mean of a duration in hours, both nil when no complaint has one.
    public struct Hours: Sendable, Equatable {
        public var median: Double?
        public var mean: Double?

        /// Hours from their figures.
        public init(median: Double?, mean: Double?) {
            self.median = median
            self.mean = mean
        }
    }

    /// A count per value of one column, in the order of the values.
    public typealias Counts = [(key: String, count: Int)]

    /// Complaints received in the period.
    public var total = 0
    public var byStatus: Counts = []
    /// By category key; complaints without one as `uncategorized`.
    public var byCategory: Counts = []
    public var byChannel: Counts = []
    public var byPriority: Counts = []
    /// By department key; complaints without one as `unassigned`.
    public var byDepartment: Counts = []
    /// From receipt to the first response, over the complaints that had one.
    public var firstResponseHours = Hours(median: nil, mean: nil)
    /// From receipt to the standing resolution, over the complaints resolved now (a reopened
    /// complaint counts again only once it is resolved again).
    public var resolutionHours = Hours(median: nil, mean: nil)
    /// Per clock, the share of its limits met on time among those decided (`OnTimeRates`).
    public var onTime = OnTimeRates()
    /// Complaints with a time limit missed at the time asked about, by the same rule as `overdue=true`.
    public var overdue = 0
    /// The share of complaints resolved at least once whose follow-up is on record; nil when none was resolved.
    public var followUpRate: Double?
    /// The mean of the last follow-up's score (1–5), over the complaints that have one.
    public var satisfactionMean: Double?
    /// The share of complaints decided at least once (resolved or rejected, now or before a
    /// reopening) that were reopened; nil when none was decided.
    public var reopenRate: Double?
    /// Per status, in status order, the mean hours the complaints that were in it spent there in
    /// all, from the status changes their events record; statuses none was in are left out.
    public var statusHoursMean: [(status: String, hours: Double)] = []
    /// The time the resolution clock was paused waiting on the customer, as their replies recorded it.
    public var paused = Paused(complaints: 0, hoursTotal: 0, hoursMean: nil)

    /// Time paused: how many complaints had their clock paused and resumed, the hours paused in
    /// all (in the time each clock counts: working hours for a working-time target), and the mean
    /// per such complaint (nil when none).
    public struct Paused: Sendable, Equatable {
        public var complaints: Int
        public var hoursTotal: Double
        public var hoursMean: Double?

        /// Figures from their parts.
        public init(complaints: Int, hoursTotal: Double, hoursMean: Double?) {
            self.complaints = complaints
            self.hoursTotal = hoursTotal
            self.hoursMean = hoursMean
        }
    }
    /// The share of the period's complaints that repeat an earlier one; nil when there are none.
    public var repeatRate: Double?
    /// The period's complaints merged into another as duplicates.
    public var merged = 0
    /// The period's complaints linked to an incident.
    public var linkedToIncidents = 0
    /// Incidents open now, whenever they were opened.
    public var incidentsOpen = 0

    /// An empty summary, filled in by the store.
    public init() {}
}
