/// The size limits of an `HTTPServerConfiguration` that the parsers enforce, as a plain value:
/// the parsers live in every connection and are copied often, and the configuration holds a
/// string that would be retained and released with each copy.
struct RequestLimits {
    /// `maxRequestLineBytes`.
    var requestLine: Int
    /// `maxHeaderLineBytes`.
    var headerLine: Int
    /// `maxHeaderBlockBytes`.
    var headerBlock: Int
    /// `maxHeaderFields`.
    var headerFields: Int
    /// `maxBodyBytes`.
    var body: Int

    /// The limits of a configuration.
    init(_ configuration: HTTPServerConfiguration) {
        requestLine = configuration.maxRequestLineBytes
        headerLine = configuration.maxHeaderLineBytes
        headerBlock = configuration.maxHeaderBlockBytes
        headerFields = configuration.maxHeaderFields
        body = configuration.maxBodyBytes
    }
}
