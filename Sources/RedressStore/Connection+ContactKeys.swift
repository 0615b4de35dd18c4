import RedressDomain
import SQLite

extension Connection {
    /// The settings key under which the phone-key backfill keeps the last complaint id it reached.
    static let phoneKeyBackfillKey = "backfill.phone_key"
    /// Its value once every complaint is done.
    static let phoneKeyBackfillDone = "done"

    /// Rewrites the phone keys of at most `limit` complaints after the last one done, each to
    /// `normalise` of its phone (its E.164 form) where that gives one, and records how far it got;
    /// returns how many it looked at, 0 once every complaint is done. Complaints registered since
    /// phone numbers are normalised already have the key it gives, so once it has reached the
    /// last complaint it is done for good, and records that instead of a position: later starts
    /// read nothing. The phone itself is kept as it was written.
    public func backfillPhoneKeys(limit: Int, _ normalise: (String) -> String?) throws -> Int {
        let progress = try setting(Self.phoneKeyBackfillKey)
        guard progress != Self.phoneKeyBackfillDone else { return 0 }
        let rows = try query(
            """
            SELECT id, complainant_phone, phone_key FROM complaints
            WHERE id > ? AND complainant_phone IS NOT NULL ORDER BY id LIMIT ?
            """, Int64(progress ?? "0") ?? 0, limit)
        guard let last = rows.last else {
            try setSetting(Self.phoneKeyBackfillDone, for: Self.phoneKeyBackfillKey)
            return 0
        }
        for row in rows {
            let phone: String = try row.get(1)
            let key = normalise(phone) ?? ContactKey.phone(phone)
            if key != (try row.get(2) as String?) {
                try run("UPDATE complaints SET phone_key = ? WHERE id = ?", key, try row.get(0) as Int64)
            }
        }
        try setSetting(String(try last.get(0) as Int64), for: Self.phoneKeyBackfillKey)
        return rows.count
    }
}
