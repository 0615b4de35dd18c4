import HTTP
import RedressDomain
import RedressStore

/// Entity tags and `If-Match` (RFC 9110 §8.8.3, §13.1.1): a complaint's tag is its version.
enum ETag {
    /// `"7"` for version 7.
    static func value(of complaint: some ComplaintFields) -> String {
        "\"\(complaint.version)\""
    }

    /// 412 unless the request's `If-Match` (if any) names the complaint's current version or `*`.
    static func check(_ request: HTTPRequest, against complaint: Complaint) throws(Problem) {
        try check(request, version: complaint.version, of: "complaint")
    }

    /// The same for an incident.
    static func check(_ request: HTTPRequest, against incident: Incident) throws(Problem) {
        try check(request, version: incident.version, of: "incident")
    }

    /// The same for a user.
    static func check(_ request: HTTPRequest, against user: UserRecord) throws(Problem) {
        try check(request, version: user.version, of: "user")
    }

    /// 412 unless the request's `If-Match` (if any) names `version` of the `thing` or `*`.
    private static func check(_ request: HTTPRequest, version: Int, of thing: String) throws(Problem) {
        guard let header = request.headers["If-Match"] else { return }
        let current = "\"\(version)\""
        // A value that is neither `*` nor entity tags names no version, so it matches none.
        let tags = header.split(separator: ",").map { String($0.trimmingWhitespace) }
        // If-Match uses the strong comparison, so a weak tag (W/"7") never matches.
        guard tags == ["*"] || tags.contains(current) else {
            throw Problem(
                .preconditionFailed, slug: "precondition-failed", title: "Precondition Failed",
                detail: "The \(thing) is at version \(version) (ETag \(current)); If-Match named \(header).",
                headers: ["ETag": current])
        }
    }
}
