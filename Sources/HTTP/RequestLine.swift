/// The three parts of a request line, `method SP request-target SP HTTP-version` (RFC 9112 §3).
struct RequestLine {
    /// The method token.
    var method: HTTPMethod
    /// The target's bytes, checked to be visible ASCII; decoded later by `RequestTarget`.
    var target: Slice<UnsafeBufferPointer<UInt8>>
    /// HTTP/1.0 or HTTP/1.1.
    var version: HTTPVersion

    /// Splits and checks a request line without its CRLF. Exactly one SP separates the parts;
    /// the lenient whitespace RFC 9112 §3 allows is refused, as it lets parsers disagree.
    init(parsing line: Slice<UnsafeBufferPointer<UInt8>>) throws(HTTPRequestError) {
        guard let firstSpace = line.firstIndex(of: HTTPSyntax.space), firstSpace > line.startIndex else {
            throw .badRequest("The request line is malformed.")
        }
        let methodBytes = line[line.startIndex..<firstSpace]
        guard methodBytes.allSatisfy(HTTPSyntax.isTokenByte) else {
            throw .badRequest("The method is not a token.")
        }
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: HTTPSyntax.space), secondSpace > rest.startIndex else {
            throw .badRequest("The request line is malformed.")
        }
        let target = line[rest.startIndex..<secondSpace]
        guard target.allSatisfy(HTTPSyntax.isTargetByte) else {
            throw .badRequest("The request-target has a byte that is not allowed.")
        }
        method = Self.method(methodBytes)
        self.target = target
        version = try Self.version(line[(secondSpace + 1)...])
    }

    /// The common methods without building a new string.
    private static func method(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> HTTPMethod {
        if bytes.elementsEqual("GET".utf8) { return .get }
        if bytes.elementsEqual("POST".utf8) { return .post }
        return HTTPMethod(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    /// `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3): 1.0 and 1.1 are served, any other well-formed
    /// version is a 505, anything else a 400.
    private static func version(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(HTTPRequestError) -> HTTPVersion {
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8) else {
            throw .badRequest("The HTTP version is malformed.")
        }
        let start = bytes.startIndex
        let major = bytes[start + 5], dot = bytes[start + 6], minor = bytes[start + 7]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(major), dot == UInt8(ascii: "."), digits.contains(minor) else {
            throw .badRequest("The HTTP version is malformed.")
        }
        let version = HTTPVersion(major: Int(major - digits.lowerBound), minor: Int(minor - digits.lowerBound))
        guard version == .http1_1 || version == .http1_0 else { throw .versionNotSupported }
        return version
    }
}
