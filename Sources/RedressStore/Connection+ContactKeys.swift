import RedressDomain
import SQLite

extension Connection {
    /// The settings key under which the phone-key backfill keeps the last complaint id it reached.
    static let phoneKeyBackfillKey = "backfill.phone_key"

    /// Rewrites the phone keys of at most `limit` complaints after the last one done, each to
    /// `normalise` of its phone (its E.164 form) where that gives one, and records how far it got;
    /// returns how many it looked at, 0 once every complaint is done. Complaints registered with
    /// a normalised phone already have the key it gives, so running it again changes nothing.
    /// The phone itself is kept as it was written.
    public func backfillPhoneKeys(limit: Int, _ normalise: (String) -> String?) throws -> Int {
        let after = Int64(try setting(Self.phoneKeyBackfillKey) ?? "0") ?? 0
        let rows = try query("""
            SELECT id, complainant_phone, phone_key FROM complaints
            WHERE id > ? AND complainant_phone IS NOT NULL ORDER BY id LIMIT ?
            """, after, limit)
        guard let last = rows.last else { return 0 }
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
