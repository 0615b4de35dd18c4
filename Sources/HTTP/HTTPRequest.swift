/// A complete request as the parser delivers it to the application: head, decoded target and body.
public struct HTTPRequest: Sendable {
    /// One decoded `name=value` pair of the query string, in order of appearance.
    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String

        /// A query item from its decoded name and value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var method: HTTPMethod
    /// The request-target exactly as received (RFC 9112 §3.2), still percent-encoded.
    public var target: String
    /// The path, percent-decoded as UTF-8.
    public var path: String
    /// The path's segments, each percent-decoded separately, so an encoded `/` stays inside its segment.
    public var pathSegments: [String]
    /// The query string's pairs, percent-decoded, `+` read as a space.
    public var query: [QueryItem]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The request's identifier: a valid incoming `X-Request-Id`, else one the server generated.
    public var requestID: String
    /// The peer's IP address as text.
    public var remoteAddress: String
    /// False while an event loop answers the request itself (`HTTPResponder.respondWithoutBlocking`):
    /// the handler must then throw `WouldBlock` rather than wait for anything.
    public var mayWait = true

    /// A request from its parts; the server builds these, tests may too.
    public init(
        method: HTTPMethod, target: String, path: String, pathSegments: [String],
        query: [QueryItem] = [], version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], requestID: String = "", remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.pathSegments = pathSegments
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.remoteAddress = remoteAddress
    }

    /// The first value of the named query parameter, or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}
