import Glibc

/// The `Date` field value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once a second.
/// Each thread that writes responses owns one, so no lock is taken per response.
struct HTTPDate {
    private var second = -1
    private var text: [UInt8] = []

    /// A cache that formats on first use.
    init() {}

    /// Today's date as `Sun, 06 Nov 1994 08:49:37 GMT`.
    mutating func current() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            text = Self.format(now)
        }
        return text
    }

    /// Formats seconds since the epoch.
    static func format(_ seconds: Int) -> [UInt8] {
        var clock = seconds
        var parts = tm()
        gmtime_r(&clock, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out: [UInt8] = []
        out.reserveCapacity(29)
        func two(_ value: Int32) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        out += days[Int(parts.tm_wday)].utf8
        out += ", ".utf8
        two(parts.tm_mday)
        out.append(UInt8(ascii: " "))
        out += months[Int(parts.tm_mon)].utf8
        out += " \(1900 + Int(parts.tm_year)) ".utf8
        two(parts.tm_hour)
        out.append(UInt8(ascii: ":"))
        two(parts.tm_min)
        out.append(UInt8(ascii: ":"))
        two(parts.tm_sec)
        out += " GMT".utf8
        return out
    }
}
