import HTTP

/// Cross-origin access for browser frontends: which origins may call, and the preflight answer.
struct CORSPolicy: Sendable {
    /// Allowed origins, exactly as browsers send them (`https://app.example.com`), or `*`.
    let origins: Set<String>

    static let allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    static let allowedHeaders =
        "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id, X-Tracking-Code, Last-Event-ID"
    static let exposedHeaders = "ETag, Location, Retry-After, X-Request-Id"

    /// The origin to echo for this request, nil when it sent none or one not allowed.
    func allowedOrigin(of request: HTTPRequest) -> String? {
        guard let origin = request.headers["Origin"], origins.contains(origin) || origins.contains("*") else {
            return nil
        }
        return origin
    }

    /// Whether the request is a CORS preflight (Fetch standard: OPTIONS with Access-Control-Request-Method).
    func isPreflight(_ request: HTTPRequest) -> Bool {
        request.method == .options && request.headers.contains("Access-Control-Request-Method")
    }

    /// The answer to an allowed origin's preflight.
    func preflightResponse(origin: String) -> HTTPResponse {
        var response = HTTPResponse(status: .noContent)
        decorate(&response, origin: origin)
        response.headers.set("Access-Control-Allow-Methods", Self.allowedMethods)
        response.headers.set("Access-Control-Allow-Headers", Self.allowedHeaders)
        response.headers.set("Access-Control-Max-Age", "600")
        return response
    }

    /// Adds the headers that let the browser hand this response to the calling page.
    func decorate(_ response: inout HTTPResponse, origin: String) {
        response.headers.set("Access-Control-Allow-Origin", origin)
        response.headers.add("Vary", "Origin")
        response.headers.set("Access-Control-Expose-Headers", Self.exposedHeaders)
    }
}
