import RedressDomain
import SQLite

extension Connection {
    /// The hot spots (see `Hotspot`) of the window of `windowSeconds` ending at `end`, the largest
    /// count first.
    public func hotspots(windowSeconds: Int64, endingAt end: Instant) throws -> [Hotspot] {
        let windowStart = end.seconds - windowSeconds
        let baselineStart = windowStart - windowSeconds * Int64(Hotspot.baselineWindows)
        return try query(
            Self.hotspotSQL, windowStart, baselineStart, end.seconds, Hotspot.baselineWindows,
            Hotspot.minimumCount, Hotspot.factor
        ).map { row in
            Hotspot(
                dimension: Hotspot.Dimension(rawValue: try row.get(0))!, key: try row.get(1),
                count: Int(try row.get(2) as Int64), baseline: try row.get(3), ratio: try row.get(4))
        }
    }

    // One scan of the five windows through the received_at index per dimension. ?1 is the last
    // window's start, ?2 the first earlier window's, ?3 the end; ?4 the number of earlier windows,
    // ?5 the minimum count, ?6 the factor. `count * ?4 >= ?6 * earlier` is `count >= factor *
    // baseline` kept in integers.
    private static let hotspotSQL =
        hotspotSelect(.category, column: "category") + "\nUNION ALL\n"
        + hotspotSelect(.subject, column: "subject_ref") + "\nORDER BY count DESC, dimension, key"

    // The hot keys of one dimension, stored in `column` (named in code).
    private static func hotspotSelect(_ dimension: Hotspot.Dimension, column: String) -> String {
        """
        SELECT '\(dimension.rawValue)' AS dimension, \(column) AS key, SUM(received_at > ?1) AS count,
               ROUND(1.0 * SUM(received_at <= ?1) / ?4, 2) AS baseline,
               CASE WHEN SUM(received_at <= ?1) > 0
                    THEN ROUND(1.0 * SUM(received_at > ?1) * ?4 / SUM(received_at <= ?1), 2) END
        FROM complaints WHERE \(column) IS NOT NULL AND received_at > ?2 AND received_at <= ?3
        GROUP BY \(column)
        HAVING SUM(received_at > ?1) >= ?5 AND SUM(received_at > ?1) * ?4 >= ?6 * SUM(received_at <= ?1)
        """
    }
}
