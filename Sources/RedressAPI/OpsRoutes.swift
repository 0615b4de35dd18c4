import HTTP
import JSON
import RedressStore

/// The unauthenticated operations endpoints at the root: health, readiness, metrics, the contract.
struct OpsRoutes {
    let database: Database
    let runtime: Runtime

    func register(on router: inout Router) {
        router.add(.get, "/healthz", withoutBlocking: true) { _, _ in
            Self.json(.object([("status", .string("ok"))]))
        }
        router.add(.get, "/readyz") { _, _ in
            guard !runtime.isDraining else {
                throw Problem(
                    .serviceUnavailable, slug: "not-ready", title: "Service Unavailable",
                    detail: "The service is shutting down.", headers: ["Retry-After": "10"])
            }
            do {
                try database.ping()
            } catch {
                runtime.log.write(.warn, "readiness check failed", [("error", .string(String(describing: error)))])
                let full = (error as? DatabaseError) == .storageFull
                throw Problem(
                    .serviceUnavailable, slug: "not-ready", title: "Service Unavailable",
                    detail: full
                        ? "The database's disk is full; writes fail until space frees."
                        : "The database is not usable.",
                    headers: ["Retry-After": "10"])
            }
            return Self.json(.object([("status", .string("ready"))]))
        }
        router.add(.get, "/metrics") { _, _ in
            let text =
                try runtime.metrics.render(gauges: [
                    ("redress_http_open_connections", "Client connections open now.", runtime.openConnections)
                ]) + ComplaintGauges.render(from: database, now: runtime.clock.now())
                + WriterMetrics.render(database.writerStatistics)
                + OutboxMetrics.render(from: database, dispatcher: runtime.outbox, now: runtime.clock.now())
            return HTTPResponse(
                status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: .bytes(Array(text.utf8)))
        }
        let contract = Array(openAPIText.utf8)
        router.add(.get, "/openapi.yaml", withoutBlocking: true) { _, _ in
            HTTPResponse(
                status: .ok, headers: ["Content-Type": "application/yaml; charset=utf-8"], body: .bytes(contract))
        }
    }

    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: .bytes(value.encoded))
    }
}
