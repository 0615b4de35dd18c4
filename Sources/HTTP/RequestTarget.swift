/// A request-target split into path, segments and query, each percent-decoded as UTF-8
/// (RFC 9112 §3.2, RFC 3986 §2.1).
struct RequestTarget: Equatable {
    /// The whole path, decoded.
    var path: String
    /// The path's segments, each decoded on its own; "/" has none, "/a/" has "a" and "".
    var segments: [String]
    /// The query's pairs, decoded, `+` read as a space.
    var query: [HTTPRequest.QueryItem]

    /// A part of the received bytes.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Decodes a target whose bytes the head parser has already checked are visible ASCII.
    /// Origin-form is the norm; absolute-form is accepted (RFC 9112 §3.2.2) and `*` only for
    /// OPTIONS (§3.2.4). Authority-form belongs to CONNECT, which is not served.
    init(parsing target: Bytes, method: HTTPMethod) throws(HTTPRequestError) {
        guard let first = target.first else { throw .badRequest("The request-target is empty.") }
        if first == UInt8(ascii: "*"), target.count == 1 {
            guard method == .options else {
                throw .badRequest("The asterisk-form is only allowed with OPTIONS.")
            }
            (path, segments, query) = ("*", [], [])
            return
        }
        var pathStart = target.startIndex
        if first != UInt8(ascii: "/") {
            pathStart = try Self.pathStartOfAbsoluteForm(target)
        }
        let pathAndQuery = target[pathStart...]
        let questionMark = pathAndQuery.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex
        let rawPath = pathStart == questionMark ? nil : target[pathStart..<questionMark]
        if let rawPath {
            path = try Self.decode(rawPath, plusIsSpace: false)
            segments = try Self.segments(of: rawPath)
        } else {
            // An absolute-form target without a path means "/" (RFC 9112 §3.2.2).
            (path, segments) = ("/", [])
        }
        query = questionMark < target.endIndex ? try Self.queryItems(target[(questionMark + 1)...]) : []
    }

    /// Where the path of `scheme://authority/path?query` starts (its end if it has no path).
    private static func pathStartOfAbsoluteForm(_ target: Bytes) throws(HTTPRequestError) -> Int {
        guard let colon = target.firstIndex(of: UInt8(ascii: ":")), colon > target.startIndex,
            target[target.startIndex..<colon].allSatisfy(isSchemeByte),
            target[colon...].starts(with: "://".utf8)
        else { throw .badRequest("The request-target is neither origin-form nor absolute-form.") }
        let authority = target[(colon + 3)...]
        let end = authority.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
        return end ?? target.endIndex
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    private static func segments(of path: Bytes) throws(HTTPRequestError) -> [String] {
        // The path starts with "/", so the piece before it is empty and not a segment.
        let pieces = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        if pieces.count == 1, pieces.first?.isEmpty == true { return [] }
        var segments: [String] = []
        segments.reserveCapacity(pieces.count)
        for piece in pieces { segments.append(try decode(piece, plusIsSpace: false)) }
        return segments
    }

    private static func queryItems(_ query: Bytes) throws(HTTPRequestError) -> [HTTPRequest.QueryItem] {
        var items: [HTTPRequest.QueryItem] = []
        for pair in query.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            let name = try decode(pair[pair.startIndex..<equals], plusIsSpace: true)
            let value = equals < pair.endIndex ? try decode(pair[(equals + 1)...], plusIsSpace: true) : ""
            items.append(HTTPRequest.QueryItem(name: name, value: value))
        }
        return items
    }

    /// Percent-decodes bytes as UTF-8; a `%` without two hex digits or bytes that are not UTF-8
    /// are a 400 (RFC 3986 §2.1; RFC 9110 §4.2.2 wants decoded text compared as UTF-8).
    static func decode(_ bytes: Bytes, plusIsSpace: Bool) throws(HTTPRequestError) -> String {
        let needsWork = bytes.contains { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }
        // The head parser admits only ASCII into the target, so undecoded bytes are valid UTF-8.
        guard needsWork else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = HTTPSyntax.hexValue(bytes[index + 1]),
                    let low = HTTPSyntax.hexValue(bytes[index + 2])
                else { throw .badRequest("The request-target has an invalid percent-encoding.") }
                decoded.append(UInt8(high << 4 | low))
                index += 3
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .badRequest("The request-target does not decode to UTF-8.")
        }
        return text
    }
}
