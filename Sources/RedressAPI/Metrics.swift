import Glibc
import HTTP
import Synchronization

/// Request counts and latencies by route and status, rendered in the Prometheus text format.
public final class Metrics: Sendable {
    /// Upper bounds of the latency histogram's buckets, in seconds.
    static let bucketBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    private struct Series: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.bucketBounds.count)
        var count = 0
        var sum = 0.0

        mutating func record(_ duration: Double, in bucket: Int?) {
            if let bucket { buckets[bucket] += 1 }
            count += 1
            sum += duration
        }

        mutating func add(_ other: Histogram) {
            for index in buckets.indices { buckets[index] += other.buckets[index] }
            count += other.count
            sum += other.sum
        }
    }

    private struct State {
        var requests: [Series: Int] = [:]
        var latency: [String: Histogram] = [:]

        mutating func add(_ other: State) {
            requests.merge(other.requests, uniquingKeysWith: +)
            for (route, histogram) in other.latency {
                latency[route, default: Histogram()].add(histogram)
            }
        }
    }

    /// Counters of their own for the threads whose identity hashes to them, so that the event
    /// loops and workers, which all count every request, seldom wait for one another's lock.
    private final class Shard: Sendable {
        let state = Mutex(State())
    }

    private static let shardBits = 4
    private let shards = (0..<1 << Metrics.shardBits).map { _ in Shard() }

    /// Empty counters.
    public init() {}

    /// Counts one answered request under its route (`unmatched` when no route answered) and its
    /// method (`other` when not one of RFC 9110's).
    ///
    /// Every label value comes from a closed set, so that no request can add a series: the route
    /// is a pattern the application registered or `unmatched`, never the path; the method is a
    /// standard one or `other` (a client may send any token, and each would be a series kept
    /// forever); the status is one the server chose.
    public func record(_ exchange: CompletedExchange) {
        let route = exchange.route ?? "unmatched"
        let method = HTTPMethod.standard.contains(HTTPMethod(rawValue: exchange.method)) ? exchange.method : "other"
        let bucket = Self.bucketBounds.firstIndex { exchange.duration <= $0 }
        // Fibonacci hashing of the thread's identity, whose low bits are alike from thread to thread.
        let shard = shards[Int((UInt64(pthread_self()) &* 0x9E37_79B9_7F4A_7C15) >> (64 - Self.shardBits))]
        shard.state.withLock { state in
            state.requests[Series(route: route, method: method, status: exchange.status), default: 0] += 1
            // In place: a copy taken out of the dictionary would copy its buckets on each request.
            state.latency[route, default: Histogram()].record(exchange.duration, in: bucket)
        }
    }

    /// The metrics as Prometheus text exposition format 0.0.4, with gauges the caller adds.
    public func render(gauges: [(name: String, help: String, value: Int)]) -> String {
        var snapshot = State()
        for shard in shards {
            snapshot.add(shard.state.withLock { $0 })
        }
        var text = "# HELP redress_http_requests_total Requests answered, by route, method and status.\n"
        text += "# TYPE redress_http_requests_total counter\n"
        for (series, count) in snapshot.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            text +=
                "redress_http_requests_total{route=\"\(Self.escape(series.route))\",method=\"\(Self.escape(series.method))\",status=\"\(series.status)\"} \(count)\n"
        }
        text +=
            "# HELP redress_http_request_duration_seconds Time from a complete request to its last byte sent, by route.\n"
        text += "# TYPE redress_http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            var cumulative = 0
            for (bound, count) in zip(Self.bucketBounds, histogram.buckets) {
                cumulative += count
                text += "redress_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "redress_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            text += "redress_http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            text += "redress_http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        for gauge in gauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(gauge.value)\n"
        }
        return text
    }

    // Label values escape backslash, double quote and line feed (Prometheus exposition format).
    private static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
