import HTTP
import JSON

/// Writes the access log line and the metrics of every answered request.
struct ExchangeObserver: HTTPServerObserver {
    let log: Log
    let metrics: Metrics

    func exchangeCompleted(_ exchange: CompletedExchange) {
        metrics.record(exchange)
        let level: Configuration.LogLevel = exchange.status >= 500 ? .warn : .info
        guard log.writes(level) else { return }
        // The query string is left out: it can carry a complainant's phone number or email.
        let path =
            exchange.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? ""
        log.write(
            level, "request",
            [
                ("method", .string(exchange.method)),
                ("path", .string(path)),
                ("status", .int(Int64(exchange.status))),
                ("bytes", .int(Int64(exchange.bytesSent))),
                ("duration_ms", .double((exchange.duration * 1_000_000).rounded() / 1000)),
                ("request_id", .string(exchange.requestID)),
                ("remote", .string(exchange.remoteAddress)),
            ])
    }
}
