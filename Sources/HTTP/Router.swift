/// Matches a request's method and path to a handler, and answers what no handler does:
/// 404 for an unknown path, 405 with `Allow` for a known path and an unsupported method,
/// `OPTIONS` with `Allow`, and `HEAD` as `GET` (the server drops the body, RFC 9110 §9.3.2).
public struct Router: HTTPResponder {
    /// A handler: the request and the values of the pattern's `{name}` segments in, a response out.
    public typealias Handler = @Sendable (HTTPRequest, Parameters) throws -> HTTPResponse

    /// The values captured by a pattern's `{name}` segments.
    public struct Parameters: Sendable {
        fileprivate var pairs: [(String, String)] = []

        /// The decoded value captured by `{name}`, or nil.
        public subscript(name: String) -> String? {
            pairs.first { $0.0 == name }?.1
        }
    }

    private struct Route: Sendable {
        enum Segment: Sendable, Equatable {
            case literal(String)
            case parameter(String)
        }

        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]
        /// Whether the handler may run on an event loop (see `add`).
        let answersWithoutBlocking: Bool
        let handler: Handler

        func match(_ path: [String]) -> Parameters? {
            guard path.count == segments.count else { return nil }
            var parameters = Parameters()
            for (segment, value) in zip(segments, path) {
                switch segment {
                case .literal(let text) where text == value: continue
                case .parameter(let name) where !value.isEmpty: parameters.pairs.append((name, value))
                default: return nil
                }
            }
            return parameters
        }
    }

    /// A method and a number of path segments: enough to rule most requests out at once.
    private struct Shape: Hashable {
        let method: HTTPMethod
        let segments: Int
    }

    private var routes: [Route] = []
    /// The shapes of the routes added `withoutBlocking`; a request of any other shape goes
    /// straight to a worker, without the event loop matching it against every route.
    private var shapesWithoutBlocking: Set<Shape> = []
    private let recover: @Sendable (any Error, HTTPRequest) -> HTTPResponse

    /// An empty router; `recover` turns an error thrown by a handler into the response to send.
    public init(recover: @escaping @Sendable (any Error, HTTPRequest) -> HTTPResponse) {
        self.recover = recover
    }

    /// Adds a route; `pattern` is a path such as `/v1/complaints/{ref}`.
    ///
    /// With `withoutBlocking`, the handler is also offered requests on an event loop, with
    /// `HTTPRequest.mayWait` false: it must then answer without waiting for anything, or throw
    /// `WouldBlock` to have the request answered on a worker.
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, withoutBlocking: Bool = false,
        _ handler: @escaping Handler
    ) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.hasPrefix("{") && $0.hasSuffix("}")
                ? Route.Segment.parameter(String($0.dropFirst().dropLast()))
                : Route.Segment.literal(String($0))
        }
        routes.append(
            Route(
                method: method, pattern: pattern, segments: segments,
                answersWithoutBlocking: withoutBlocking, handler: handler))
        if withoutBlocking { shapesWithoutBlocking.insert(Shape(method: method, segments: segments.count)) }
    }

    /// The response of a route added `withoutBlocking` that matches the request, unless its
    /// handler throws `WouldBlock`; nil for every other request.
    public func respondWithoutBlocking(to request: HTTPRequest) -> HTTPResponse? {
        let method = request.method == .head ? HTTPMethod.get : request.method
        guard shapesWithoutBlocking.contains(Shape(method: method, segments: request.pathSegments.count)) else {
            return nil
        }
        // The first route matching path and method is the one `respond(to:)` would run.
        for route in routes where route.method == method {
            guard let parameters = route.match(request.pathSegments) else { continue }
            return route.answersWithoutBlocking ? run(route, request, parameters) : nil
        }
        return nil
    }

    /// The route's response, its pattern noted; nil when it would block and need not wait.
    private func run(_ route: Route, _ request: HTTPRequest, _ parameters: Parameters) -> HTTPResponse? {
        var response: HTTPResponse
        do {
            response = try route.handler(request, parameters)
        } catch is WouldBlock where !request.mayWait {
            return nil
        } catch {
            response = recover(error, request)
        }
        response.route = route.pattern
        return response
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let method = request.method == .head ? HTTPMethod.get : request.method
        var allowed: [HTTPMethod] = []
        var pattern: String?
        for route in routes {
            guard let parameters = route.match(request.pathSegments) else { continue }
            pattern = route.pattern
            if route.method == method {
                // On a worker `mayWait` is true, so a route never declines here.
                return run(route, request, parameters) ?? recover(WouldBlock(), request)
            }
            allowed.append(route.method)
        }
        guard let pattern else {
            var response = Problem.notFound().response
            response.route = nil
            return response
        }
        if allowed.contains(.get) { allowed.append(.head) }
        allowed.append(.options)
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        if request.method == .options {
            return HTTPResponse(status: .noContent, headers: ["Allow": allow], route: pattern)
        }
        var response = Problem(
            .methodNotAllowed, slug: "method-not-allowed", title: "Method Not Allowed",
            detail: "\(request.method) is not supported here; use \(allow).", headers: ["Allow": allow]
        ).response
        response.route = pattern
        return response
    }
}
