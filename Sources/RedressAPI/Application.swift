import HTTP
import Outbound
import RedressCasework
import RedressStore

/// The Redress API as one responder: the routes, CORS, and the one place errors become responses.
public struct Application: HTTPResponder {
    private let router: Router
    private let cors: CORSPolicy

    /// The application over an open database.
    public init(database: Database, configuration: Configuration, runtime: Runtime) {
        let log = runtime.log
        var router = Router(recover: { error, request in Self.response(for: error, request: request, log: log) })
        OpsRoutes(database: database, runtime: runtime).register(on: &router)
        let backend = Backend(database: database, runtime: runtime, sessions: SessionPolicy(configuration))
        APIKeyRoutes(backend: backend).register(on: &router)
        UserRoutes(backend: backend, proxies: configuration.trustedProxies).register(on: &router)
        CatalogRoutes(backend: backend).register(on: &router)
        ComplaintRoutes(backend: backend).register(on: &router)
        LifecycleRoutes(backend: backend).register(on: &router)
        SettingsRoutes(backend: backend).register(on: &router)
        PriorityRuleRoutes(backend: backend).register(on: &router)
        TimeLimitRoutes(backend: backend).register(on: &router)
        StatsRoutes(backend: backend).register(on: &router)
        EventRoutes(backend: backend).register(on: &router)
        TrackingRoutes(backend: backend, proxies: configuration.trustedProxies).register(on: &router)
        TemplateRoutes(backend: backend).register(on: &router)
        CorrectiveActionRoutes(backend: backend).register(on: &router)
        IncidentRoutes(backend: backend).register(on: &router)
        WebhookRoutes(backend: backend, allowPrivate: configuration.webhookAllowPrivate).register(on: &router)
        runtime.events.attach(database)
        var outbox = OutboxDispatcher.Settings()
        outbox.slots = configuration.outboxSlots
        outbox.client = OutboundClient(
            timeout: .seconds(configuration.webhookTimeout), allowPrivate: configuration.webhookAllowPrivate,
            trustedAuthorities: configuration.webhookCAFile)
        outbox.policy.window = Int64(configuration.webhookRetryHours) * 3600
        runtime.outbox.start(backend: backend, settings: outbox)
        self.router = router
        self.cors = CORSPolicy(origins: Set(configuration.corsOrigins))
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let origin = cors.allowedOrigin(of: request) else {
            return router.respond(to: request)
        }
        if cors.isPreflight(request) {
            return cors.preflightResponse(origin: origin)
        }
        var response = router.respond(to: request)
        cors.decorate(&response, origin: origin)
        return response
    }

    /// The routes registered `withoutBlocking` answer on the event loop; a preflight is an
    /// `OPTIONS` request, which none of them matches.
    public func respondWithoutBlocking(to request: HTTPRequest) -> HTTPResponse? {
        guard var response = router.respondWithoutBlocking(to: request) else { return nil }
        if let origin = cors.allowedOrigin(of: request) { cors.decorate(&response, origin: origin) }
        return response
    }

    /// Turns a handler's error into its response: a `Problem` as itself, a casework `Refusal` as its
    /// problem, a write that found the disk full as 507 (RFC 4918 §11.5), anything else a bare 500
    /// whose details go only to the log.
    static func response(for error: any Error, request: HTTPRequest, log: Log) -> HTTPResponse {
        if let problem = error as? Problem {
            return problem.response
        }
        if let refusal = error as? Refusal {
            return Problem(refusal).response
        }
        if DatabaseError.isStorageFull(error) {
            log.write(.warn, "write refused: the database's disk is full", [("request_id", .string(request.requestID))])
            return Problem(
                .insufficientStorage, slug: "storage-full", title: "Insufficient Storage",
                detail: "The database's disk is full, so nothing was written; retry later.",
                headers: ["Retry-After": "30"]
            ).response
        }
        log.write(
            .warn, "unhandled error",
            [
                ("request_id", .string(request.requestID)),
                ("error", .string(String(describing: error))),
            ])
        return Problem(
            .internalServerError, slug: "internal-error", title: "Internal Server Error",
            detail: "The request could not be completed; quote request id \(request.requestID) when reporting it."
        ).response
    }
}
