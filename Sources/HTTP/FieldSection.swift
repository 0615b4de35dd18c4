/// The header section's field lines (RFC 9112 §5) with what the server reads from them.
struct FieldSection {
    /// A part of the received bytes.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Every field line, in order.
    var headers = HTTPHeaders()
    /// How many `Host` fields there were.
    var hostCount = 0
    /// The one `Content-Length`, nil when absent.
    var contentLength: Int?
    /// The lowercased transfer codings in order, nil when `Transfer-Encoding` is absent.
    var transferCodings: [String]?
    /// Whether `Connection` lists `close`.
    var connectionClose = false
    /// Whether `Connection` lists `keep-alive`.
    var connectionKeepAlive = false
    /// Whether `Expect` lists `100-continue`.
    var expectsContinue = false
    /// Whether `Expect` lists anything else, which the server cannot meet.
    var hasUnknownExpectation = false
    /// A valid incoming `X-Request-Id`.
    var requestID: String?

    /// Parses field lines separated by CRLF (the head parser has already found every line end
    /// and checked the limits).
    init(parsing section: Bytes) throws(HTTPRequestError) {
        var lineStart = section.startIndex
        while lineStart < section.endIndex {
            var lineEnd = lineStart
            while section[lineEnd] != HTTPSyntax.cr { lineEnd += 1 }
            try parseLine(section[lineStart..<lineEnd])
            lineStart = lineEnd + 2
        }
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private mutating func parseLine(_ line: Bytes) throws(HTTPRequestError) {
        // RFC 9112 §5.2: obs-fold is refused rather than unfolded.
        if HTTPSyntax.isWhitespace(line[line.startIndex]) {
            throw .badRequest("A header field line starts with whitespace (obsolete line folding).")
        }
        guard let colon = line.firstIndex(of: HTTPSyntax.colon), colon > line.startIndex else {
            throw .badRequest("A header field line has no name or no colon.")
        }
        let name = line[line.startIndex..<colon]
        // RFC 9112 §5.1: whitespace between name and colon MUST be rejected with 400.
        if HTTPSyntax.isWhitespace(name[colon - 1]) {
            throw .badRequest("A header field name is followed by whitespace before the colon.")
        }
        guard name.allSatisfy(HTTPSyntax.isTokenByte) else {
            throw .badRequest("A header field name is not a token.")
        }
        let value = HTTPSyntax.trimmed(line[(colon + 1)...])
        guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            throw .badRequest("A header field value has a control character.")
        }
        try interpret(name: name, value: value)
        headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private mutating func interpret(name: Bytes, value: Bytes) throws(HTTPRequestError) {
        switch name.count {
        case 4 where HTTPSyntax.equalsIgnoringCase(name, "host"):
            hostCount += 1
            // RFC 9112 §3.2: a Host with an invalid value is a 400 like a missing one.
            guard Self.isValidHost(value) else { throw .badRequest("The Host header field is not a host and port.") }
        case 6 where HTTPSyntax.equalsIgnoringCase(name, "expect"):
            for expectation in Self.listElements(value) {
                let isContinue = HTTPSyntax.equalsIgnoringCase(expectation, "100-continue")
                expectsContinue = expectsContinue || isContinue
                hasUnknownExpectation = hasUnknownExpectation || !isContinue
            }
        case 10 where HTTPSyntax.equalsIgnoringCase(name, "connection"):
            for option in Self.listElements(value) {
                connectionClose = connectionClose || HTTPSyntax.equalsIgnoringCase(option, "close")
                connectionKeepAlive = connectionKeepAlive || HTTPSyntax.equalsIgnoringCase(option, "keep-alive")
            }
        case 12 where HTTPSyntax.equalsIgnoringCase(name, "x-request-id"):
            if RequestID.isValid(value) { requestID = String(decoding: value, as: UTF8.self) }
        case 14 where HTTPSyntax.equalsIgnoringCase(name, "content-length"):
            try addContentLength(value)
        case 17 where HTTPSyntax.equalsIgnoringCase(name, "transfer-encoding"):
            var codings = transferCodings ?? []
            for coding in Self.listElements(value) {
                codings.append(String(decoding: coding, as: UTF8.self).lowercased())
            }
            transferCodings = codings
        default:
            break
        }
    }

    /// RFC 9110 §8.6: a list of identical lengths may be read as one; differing values (in one
    /// field or across repeated fields) are a smuggling attempt and a 400. A length too large
    /// for an `Int` is kept as `Int.max`, which the body limit then refuses with 413.
    private mutating func addContentLength(_ value: Bytes) throws(HTTPRequestError) {
        for element in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let digits = HTTPSyntax.trimmed(element)
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .badRequest("Content-Length is not a number.")
            }
            var length = 0
            for digit in digits {
                let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                length = overflow1 || overflow2 ? Int.max : sum
                if length == Int.max { break }
            }
            if let known = contentLength, known != length {
                throw .badRequest("The request has differing Content-Length values.")
            }
            contentLength = length
        }
    }

    /// `uri-host [":" port]` (RFC 9110 §7.2, RFC 3986 §3.2.2–3.2.3): a bracketed IP literal or a
    /// reg-name, then optional port digits. An empty value is allowed (RFC 9112 §3.2).
    private static func isValidHost(_ value: Bytes) -> Bool {
        var port = value
        if value.first == UInt8(ascii: "[") {
            guard let close = value.firstIndex(of: UInt8(ascii: "]")),
                value[(value.startIndex + 1)..<close].allSatisfy({
                    HTTPSyntax.isRegNameByte($0) || $0 == HTTPSyntax.colon
                })
            else { return false }
            port = value[(close + 1)...]
        } else {
            let end = value.firstIndex(of: HTTPSyntax.colon) ?? value.endIndex
            guard value[..<end].allSatisfy(HTTPSyntax.isRegNameByte) else { return false }
            port = value[end...]
        }
        guard let first = port.first else { return true }
        return first == HTTPSyntax.colon
            && port.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The non-empty, trimmed elements of a comma-separated list (RFC 9110 §5.6.1).
    private static func listElements(_ value: Bytes) -> [Bytes] {
        value.split(separator: UInt8(ascii: ",")).map(HTTPSyntax.trimmed).filter { !$0.isEmpty }
    }
}
