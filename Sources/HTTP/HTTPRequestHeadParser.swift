/// Parses a request head — request line and header section (RFC 9112 §2–5) — from the bytes
/// received so far, picohttpparser-style: it never allocates while scanning and, called again
/// with more bytes, scans only the new ones.
///
/// Strict on purpose: every ambiguity a request-smuggling attack relies on is an error, and
/// limits are checked as the bytes arrive so an oversized head is refused before it is whole.
struct HTTPRequestHeadParser {
    /// The outcome of one call.
    enum Result {
        /// The head is not complete yet; call again with the same bytes and more.
        case needMore
        /// The head and how many bytes of the buffer it took.
        case complete(RequestHead, consumed: Int)
        /// The head is malformed or over a limit.
        case failure(HTTPRequestError)
    }

    private let limits: RequestLimits
    /// Bytes already examined without finding the end of the head.
    private var scanned = 0
    /// Where the line being scanned starts.
    private var lineStart = 0
    /// Where the request line starts, after any empty lines (RFC 9112 §2.2).
    private var requestLineStart = 0
    /// The offset after the request line's CRLF, or nil while the request line is being read.
    private var headerSectionStart: Int?
    /// Field lines seen so far.
    private var fieldCount = 0

    /// A parser enforcing these limits.
    init(limits: RequestLimits) {
        self.limits = limits
    }

    /// Parses `bytes`, which must start at the head's first byte and hold every byte passed in
    /// earlier calls unchanged. After `.complete` the parser is ready for the next head.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        let count = bytes.count
        var index = scanned
        while index < count {
            let byte = bytes[index]
            if byte == HTTPSyntax.cr {
                // A CR must be followed by LF (RFC 9112 §2.2: a bare CR is invalid).
                if index + 1 < count, bytes[index + 1] != HTTPSyntax.lf {
                    return .failure(.badRequest("The request has a bare CR."))
                }
            } else if byte == HTTPSyntax.lf {
                // Only CRLF ends a line here; accepting a bare LF is a MAY (RFC 9112 §2.2) that
                // would let two parsers disagree on where a line ends.
                guard index > lineStart, bytes[index - 1] == HTTPSyntax.cr else {
                    return .failure(.badRequest("A line of the request ends in a bare LF."))
                }
                switch endOfLine(length: index - 1 - lineStart, next: index + 1) {
                case .more: break
                case .endOfHead: return finish(bytes, end: index + 1)
                case .failure(let error): return .failure(error)
                }
            }
            index += 1
        }
        // Re-examine a trailing CR next time, when the byte after it is known.
        scanned = count > 0 && bytes[count - 1] == HTTPSyntax.cr ? count - 1 : count
        return checkIncompleteLimits(count: count).map(Result.failure) ?? .needMore
    }

    private enum LineOutcome {
        case more
        case endOfHead
        case failure(HTTPRequestError)
    }

    /// Accounts for one line of `length` bytes whose CRLF ends just before `next`.
    private mutating func endOfLine(length: Int, next: Int) -> LineOutcome {
        defer { lineStart = next }
        guard let sectionStart = headerSectionStart else {
            if length == 0 {
                // RFC 9112 §2.2: ignore empty lines received before the request line.
                requestLineStart = next
                return .more
            }
            // Leading empty lines count towards the limit, as on the incomplete path, so that
            // how the bytes arrive cannot change the outcome.
            if next - 2 > limits.requestLine { return .failure(.uriTooLong) }
            headerSectionStart = next
            return .more
        }
        if length == 0 { return .endOfHead }
        if length > limits.headerLine {
            return .failure(.headerFieldsTooLarge("A header field line is longer than the server accepts."))
        }
        fieldCount += 1
        if fieldCount > limits.headerFields {
            return .failure(.headerFieldsTooLarge("The request has more header fields than the server accepts."))
        }
        if next - sectionStart > limits.headerBlock {
            return .failure(.headerFieldsTooLarge("The header section is larger than the server accepts."))
        }
        return .more
    }

    /// Limits are checked on the incomplete path too, so an endless line is refused early.
    private func checkIncompleteLimits(count: Int) -> HTTPRequestError? {
        guard let sectionStart = headerSectionStart else {
            // Leading empty lines count, so they cannot be sent forever either.
            return count > limits.requestLine + 2 ? .uriTooLong : nil
        }
        if count - lineStart > limits.headerLine + 2 {
            return .headerFieldsTooLarge("A header field line is longer than the server accepts.")
        }
        if count - sectionStart > limits.headerBlock + 2 {
            return .headerFieldsTooLarge("The header section is larger than the server accepts.")
        }
        return nil
    }

    /// Interprets the complete head `bytes[..<end]` and resets for the next one.
    private mutating func finish(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Result {
        let sectionStart = headerSectionStart ?? end
        let line = bytes[requestLineStart..<(sectionStart - 2)]
        let section = bytes[sectionStart..<(end - 2)]
        self = HTTPRequestHeadParser(limits: limits)
        do {
            let requestLine = try RequestLine(parsing: line)
            let fields = try FieldSection(parsing: section)
            return .complete(try Self.head(requestLine, fields, limits: limits), consumed: end)
        } catch {
            return .failure(error)
        }
    }

    /// Applies the framing and connection rules of RFC 9112 §6 and §9 to a parsed head.
    private static func head(
        _ line: RequestLine, _ fields: FieldSection, limits: RequestLimits
    ) throws(HTTPRequestError) -> RequestHead {
        let isHTTP11 = line.version == .http1_1
        // RFC 9112 §3.2: a 1.1 request without exactly one Host, or any request with several, is a 400.
        if fields.hostCount > 1 || (isHTTP11 && fields.hostCount == 0) {
            throw .badRequest("The request must have exactly one Host header field.")
        }
        // RFC 9110 §10.1.1: an expectation the server cannot meet is answered with 417 before
        // any content is read, rather than ignored while the client waits for something else.
        if fields.hasUnknownExpectation { throw .expectationFailed }
        var framing = RequestHead.Framing.none
        if let codings = fields.transferCodings {
            // RFC 9112 §6.1: Transfer-Encoding in a 1.0 message means faulty framing.
            guard isHTTP11 else { throw .badRequest("Transfer-Encoding is not allowed in HTTP/1.0.") }
            // RFC 9112 §6.1: Content-Length with Transfer-Encoding is the classic smuggling
            // vector; reject instead of letting Transfer-Encoding win.
            guard fields.contentLength == nil else {
                throw .badRequest("The request has both Content-Length and Transfer-Encoding.")
            }
            framing = try chunkedFraming(codings)
        } else if let length = fields.contentLength, length > 0 {
            framing = .length(length)
        }
        if case .length(let length) = framing, length > limits.body {
            throw .contentTooLarge
        }
        let target = try RequestTarget(parsing: line.target, method: line.method)
        let request = HTTPRequest(
            method: line.method,
            target: String(decoding: line.target, as: UTF8.self),
            path: target.path,
            pathSegments: target.segments,
            query: target.query,
            version: line.version,
            headers: fields.headers,
            requestID: fields.requestID ?? ""
        )
        // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
        let keepAlive = !fields.connectionClose && (isHTTP11 || fields.connectionKeepAlive)
        // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        let expectsContinue = isHTTP11 && fields.expectsContinue && framing != .none
        return RequestHead(request: request, framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    /// Only `chunked` alone is accepted. RFC 9112 §6.3 requires a 400 when chunked is not the
    /// final coding; a coding before it (gzip, deflate, ...) is one this server does not
    /// implement, which RFC 9112 §6.1 answers with 501; chunked twice is malformed (§7).
    private static func chunkedFraming(_ codings: [String]) throws(HTTPRequestError) -> RequestHead.Framing {
        guard let last = codings.last, last == "chunked" else {
            throw .badRequest("Transfer-Encoding must end with chunked.")
        }
        if codings.count == 1 { return .chunked }
        if codings.dropLast().contains("chunked") {
            throw .badRequest("Transfer-Encoding applies chunked more than once.")
        }
        throw .notImplemented("Only the chunked transfer coding is implemented.")
    }
}
