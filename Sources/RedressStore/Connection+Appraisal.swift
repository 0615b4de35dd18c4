import RedressDomain
import SQLite

/// How one person or one department handled the complaints received in a period (DOMAIN.md
/// "What management watches": appraisal and responsibility): `GET /v1/stats/people` and
/// `GET /v1/stats/departments`.
public struct Appraisal: Sendable, Equatable {
    /// Whom the figures are about: an assignee or a department key, `unassigned` for none.
    public var key: String
    /// Complaints received in the period and held now.
    public var handled = 0
    /// Of those, resolved (now, or before a reopening).
    public var resolved = 0
    /// Per clock, the share met on time among those decided (`OnTimeRates`).
    public var onTime = OnTimeRates()
    /// Mean hours from receipt to the first response and to resolution.
    public var firstResponseHoursMean: Double?
    public var resolutionHoursMean: Double?
    /// The mean follow-up score (1 to 5) and how many follow-ups gave one.
    public var satisfactionMean: Double?
    public var satisfactionCount = 0
    /// Complaints reopened at least once, and repeats of an earlier complaint.
    public var reopened = 0
    public var repeats = 0
    /// Penalties recorded against them as the responsible party: how many (above zero) and their sum.
    public var penaltyCount = 0
    public var penaltySumMinor: Int64 = 0

    /// Empty figures for `key`.
    public init(key: String) {
        self.key = key
    }

    /// Whom a report groups by: the complaint's holder, and the responsible party its penalties name.
    public enum Grouping: Sendable {
        case person, department

        var holder: String { self == .person ? "assignee" : "department" }
        var responsible: String { self == .person ? "responsibility_person" : "responsibility_department" }
    }
}

extension Connection {
    /// The appraisal of everyone (or every department) holding, or named responsible for, a
    /// complaint received from `from` to `to` (both included), with time limits judged at `now`;
    /// by key. One pass over the period through the `received_at` index, and one for penalties.
    public func appraisals(
        by grouping: Appraisal.Grouping, receivedFrom from: Instant, to: Instant,
        now: Instant
    ) throws -> [Appraisal] {
        var byKey: [String: Appraisal] = [:]
        for row in try query(Self.appraisalSQL(grouping), from.seconds, to.seconds, now.seconds) {
            var appraisal = Appraisal(key: try row.get(0))
            appraisal.handled = try row.get(1)
            appraisal.resolved = try row.get(2)
            appraisal.firstResponseHoursMean = try row.get(3)
            appraisal.resolutionHoursMean = try row.get(4)
            appraisal.satisfactionMean = try row.get(5)
            appraisal.satisfactionCount = try row.get(6)
            appraisal.reopened = try row.get(7)
            appraisal.repeats = try row.get(8)
            appraisal.onTime = try OnTimeRates.read(row, from: 9)
            byKey[appraisal.key] = appraisal
        }
        for row in try query(Self.penaltySQL(grouping), from.seconds, to.seconds) {
            let key: String = try row.get(0)
            var appraisal = byKey[key] ?? Appraisal(key: key)
            appraisal.penaltyCount = try row.get(1)
            appraisal.penaltySumMinor = try row.get(2)
            byKey[key] = appraisal
        }
        return byKey.values.sorted { $0.key < $1.key }
    }

    // ?1 and ?2 bound the period, ?3 is now. Resolved at least once: resolved now, or followed up
    // (a follow-up needs a resolution, and a reopening after one keeps the satisfaction stored).
    // Then each clock's decided and on-time counts (`OnTimeRates`).
    private static func appraisalSQL(_ grouping: Appraisal.Grouping) -> String {
        """
        SELECT COALESCE(\(grouping.holder), 'unassigned'), COUNT(*),
               SUM(resolved_at IS NOT NULL OR satisfaction_recorded_at IS NOT NULL),
               ROUND(AVG((first_responded_at - received_at) / 3600.0), 2),
               ROUND(AVG((resolved_at - received_at) / 3600.0), 2),
               ROUND(AVG(satisfaction_score), 2), COUNT(satisfaction_score),
               SUM(reopen_count > 0), SUM(repeat_of IS NOT NULL),
               \(OnTimeRates.sql(now: "?3"))
        FROM complaints c WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 1
        """
    }

    private static func penaltySQL(_ grouping: Appraisal.Grouping) -> String {
        """
        SELECT \(grouping.responsible), COUNT(*), SUM(responsibility_penalty_minor) FROM complaints
        WHERE received_at BETWEEN ?1 AND ?2 AND \(grouping.responsible) IS NOT NULL AND responsibility_penalty_minor > 0
        GROUP BY 1
        """
    }
}
