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

    private var routes: [Route] = []
    private let recover: @Sendable (any Error, HTTPRequest) -> HTTPResponse

    /// An empty router; `recover` turns an error thrown by a handler into the response to send.
    public init(recover: @escaping @Sendable (any Error, HTTPRequest) -> HTTPResponse) {
        self.recover = recover
    }

    /// Adds a route; `pattern` is a path such as `/v1/complaints/{ref}`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.hasPrefix("{") && $0.hasSuffix("}")
                ? Route.Segment.parameter(String($0.dropFirst().dropLast()))
                : Route.Segment.literal(String($0))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let method = request.method == .head ? HTTPMethod.get : request.method
        var allowed: [HTTPMethod] = []
        var pattern: String?
        for route in routes {
            guard let parameters = route.match(request.pathSegments) else { continue }
            pattern = route.pattern
            if route.method == method {
                var response: HTTPResponse
                do {
                    response = try route.handler(request, parameters)
                } catch {
                    response = recover(error, request)
                }
                response.route = route.pattern
                return response
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
