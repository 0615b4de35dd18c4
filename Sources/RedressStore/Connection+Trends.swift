import RedressDomain
import SQLite

extension Connection {
    /// The complaints received from `from` to `to` (both included), counted per bucket of
    /// `interval` in `zone` (days from local midnight, weeks from Monday, months from the first)
    /// and per `grouping`, every bucket of the range present even when empty; nil when the range
    /// spans more than `maxBuckets` buckets.
    ///
    /// The period is cut where the zone's offset changes; within each piece SQLite places every
    /// complaint on its local bucket date in one grouped pass over the `received_at` index, and
    /// the pieces' counts are added up by date, so a bucket that spans a change of offset (a month
    /// with a daylight-saving change) is counted whole.
    public func trend(
        receivedFrom from: Instant, to: Instant, interval: Trend.Interval, grouping: Trend.Grouping,
        zone: ZoneRules, maxBuckets: Int
    ) throws -> [Trend.Bucket]? {
        guard let dates = interval.bucketDates(from: zone.local(from).date, to: zone.local(to).date, max: maxBuckets)
        else {
            return nil
        }
        var counts: [String: [String: Int]] = [:]
        for piece in Self.pieces(from: from, to: to, zone: zone) {
            let rows = try query(
                """
                SELECT date(received_at + ?3, 'unixepoch', \(interval.truncation)), \(grouping.expression), COUNT(*)
                FROM complaints WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 1, 2
                """, piece.from, piece.to, piece.offset)
            for row in rows {
                counts[try row.get(0), default: [:]][try row.get(1), default: 0] += Int(try row.get(2) as Int64)
            }
        }
        return dates.map { date in
            let start = zone.instant(ZoneRules.LocalDateTime(date: date, secondOfDay: 0))
            let found = counts[date.iso8601] ?? [:]
            return Trend.Bucket(start: start, counts: found.keys.sorted().map { ($0, found[$0]!) })
        }
    }

    /// The stretches of `from...to` (in seconds, both included) over which `zone` keeps one offset.
    private static func pieces(from: Instant, to: Instant, zone: ZoneRules) -> [(from: Int64, to: Int64, offset: Int)] {
        var pieces: [(from: Int64, to: Int64, offset: Int)] = []
        var start = from
        while start <= to {
            let end = zone.nextTransition(after: start).map { min($0.at.seconds - 1, to.seconds) } ?? to.seconds
            pieces.append((start.seconds, end, zone.offset(at: start)))
            start = Instant(seconds: end + 1)
        }
        return pieces
    }
}
