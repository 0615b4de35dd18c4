import JSON

/// An RFC 9457 problem: the one shape every error response takes, from the server or the application.
public struct Problem: Error, Sendable {
    /// A field-level complaint about a request body or query, for `errors[]`.
    public struct FieldError: Sendable, Equatable {
        public var field: String
        public var message: String

        /// A field error from the field's path (such as `complainant.email`) and a message.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var status: HTTPStatus
    /// A relative URI naming the kind of problem, such as `/problems/validation-failed`.
    public var type: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// Further members for this kind of problem, such as `allowed_actions`.
    public var extensions: [(String, JSONValue)]
    /// Headers the response must carry, such as `Allow`, `WWW-Authenticate` or `Retry-After`.
    public var headers: HTTPHeaders

    /// A problem of the given kind; `type` is `/problems/<slug>`.
    public init(
        _ status: HTTPStatus, slug: String, title: String, detail: String,
        errors: [FieldError] = [], extensions: [(String, JSONValue)] = [], headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.status = status
        self.type = "/problems/\(slug)"
        self.title = title
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
        self.headers = headers
    }

    /// The problem as an `application/problem+json` response.
    public var response: HTTPResponse {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.field("type", type)
        json.field("title", title)
        json.field("status", status.code)
        json.field("detail", detail)
        if !errors.isEmpty {
            json.key("errors")
            json.beginArray()
            for error in errors {
                json.beginObject()
                json.field("field", error.field)
                json.field("message", error.message)
                json.endObject()
            }
            json.endArray()
        }
        for (name, value) in extensions {
            json.key(dynamic: name)
            json.value(value)
        }
        json.endObject()
        var headers = self.headers
        headers.set("Content-Type", "application/problem+json")
        return HTTPResponse(status: status, headers: headers, body: .bytes(json.bytes))
    }
}

extension Problem {
    /// 404 for a path nothing answers.
    public static func notFound(_ detail: String = "No resource exists at this path.") -> Problem {
        Problem(.notFound, slug: "not-found", title: "Not Found", detail: detail)
    }

    /// 400 for a request that is not well-formed.
    public static func badRequest(_ detail: String) -> Problem {
        Problem(.badRequest, slug: "bad-request", title: "Bad Request", detail: detail)
    }
}
