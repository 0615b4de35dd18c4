/// Why the server answered a request itself instead of handing it to the application.
/// Each case maps to one status and one problem type (RFC 9457).
enum HTTPRequestError: Error, Equatable {
    /// Malformed or ambiguous syntax, including every request-smuggling form → 400.
    case badRequest(String)
    /// The request line is longer than the limit → 414.
    case uriTooLong
    /// A field line, the header section or the field count is over its limit → 431.
    case headerFieldsTooLarge(String)
    /// The body is larger than the limit → 413.
    case contentTooLarge
    /// An `Expect` member other than `100-continue` → 417 (RFC 9110 §10.1.1).
    case expectationFailed
    /// A transfer coding the server does not implement → 501 (RFC 9112 §6.1).
    case notImplemented(String)
    /// A well-formed version other than HTTP/1.0 or HTTP/1.1 → 505.
    case versionNotSupported
    /// The head or the body did not arrive in time → 408.
    case requestTimeout

    /// The response status.
    var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .contentTooLarge: .contentTooLarge
        case .expectationFailed: .expectationFailed
        case .notImplemented: .notImplemented
        case .versionNotSupported: .httpVersionNotSupported
        case .requestTimeout: .requestTimeout
        }
    }

    /// The last part of the problem type URI, `/problems/<slug>`.
    var slug: String {
        switch self {
        case .badRequest: "bad-request"
        case .uriTooLong: "uri-too-long"
        case .headerFieldsTooLarge: "header-fields-too-large"
        case .contentTooLarge: "content-too-large"
        case .expectationFailed: "expectation-failed"
        case .notImplemented: "not-implemented"
        case .versionNotSupported: "http-version-not-supported"
        case .requestTimeout: "request-timeout"
        }
    }

    /// A sentence for the problem's `detail`.
    var detail: String {
        switch self {
        case .badRequest(let why): why
        case .uriTooLong: "The request line is longer than the server accepts."
        case .headerFieldsTooLarge(let why): why
        case .contentTooLarge: "The request body is larger than the server accepts."
        case .expectationFailed: "The only expectation the server can meet is 100-continue."
        case .notImplemented(let why): why
        case .versionNotSupported: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .requestTimeout: "The request did not arrive in time."
        }
    }

    /// The problem document (RFC 9457) the server answers with.
    var problem: Problem {
        Problem(status, slug: slug, title: status.reason, detail: detail)
    }
}
