import HTTP
import RedressDomain

/// Entity tags and `If-Match` (RFC 9110 §8.8.3, §13.1.1): a complaint's tag is its version.
enum ETag {
    /// `"7"` for version 7.
    static func value(of complaint: Complaint) -> String {
        "\"\(complaint.version)\""
    }

    /// The entity tags `If-Match` lists (`*` alone for any); nil when absent, 400 when it is not
    /// `*` or a comma-separated list of entity tags (RFC 9110 §8.8.3).
    @discardableResult
    static func parse(_ request: HTTPRequest) throws(Problem) -> [String]? {
        guard let header = request.headers["If-Match"] else { return nil }
        let tags = header.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingWhitespace) }
        let valid = tags == ["*"] || tags.allSatisfy { tag in
            let opaque = tag.hasPrefix("W/") ? tag.dropFirst(2) : Substring(tag)
            return opaque.count >= 2 && opaque.first == "\"" && opaque.last == "\""
                && !opaque.dropFirst().dropLast().contains("\"")
        }
        guard valid else {
            throw Problem.badRequest("If-Match must be * or a list of entity tags such as \"3\".")
        }
        return tags
    }

    /// 412 unless the request's `If-Match` (if any) names the complaint's current version or `*`.
    static func check(_ request: HTTPRequest, against complaint: Complaint) throws(Problem) {
        guard let tags = try parse(request) else { return }
        let header = request.headers["If-Match"] ?? ""
        let current = value(of: complaint)
        // If-Match uses the strong comparison, so a weak tag (W/"7") never matches.
        guard tags.contains("*") || tags.contains(current) else {
            throw Problem(.preconditionFailed, slug: "precondition-failed", title: "Precondition Failed",
                          detail: "The complaint is at version \(complaint.version) (ETag \(current)); If-Match named \(header).",
                          headers: ["ETag": current])
        }
    }
}
