import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/complaints`: intake, reading, editing and finding complaints.
struct ComplaintRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.post, "/v1/complaints") { request, _ in try register(request) }
        router.add(.get, "/v1/complaints") { request, _ in try list(request) }
        // A point read: answered on the event loop when a reader is free.
        router.add(.get, "/v1/complaints/{ref}", withoutBlocking: true) { request, parameters in
            try show(request, ref: parameters["ref"]!)
        }
        router.add(.patch, "/v1/complaints/{ref}") { request, parameters in try edit(request, ref: parameters["ref"]!) }
    }

    private func show(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let now = backend.now
        let caller = try backend.caller(of: request, atLeast: .intake, waiting: request.mayWait)
        let settings = try backend.settings(waiting: request.mayWait)
        // Written from the stored row as the statement stands on it: no `Complaint` is built.
        return try backend.read(waiting: request.mayWait) { connection in
            try connection.withComplaint(ref, visibleTo: caller) { stored in
                Self.response(stored, for: caller, settings: settings, now: now)
            }
        }
    }

    /// A complaint as a 200 (or `status`) response with its `ETag`.
    static func response(
        _ complaint: some ComplaintFields, for caller: Caller, settings: Settings, now: Instant,
        status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(),
        trackingCode: String? = nil
    ) -> HTTPResponse {
        var json = JSONWriter(capacity: 2048)
        ComplaintJSON.write(
            complaint, role: caller.role, atRiskRatio: settings.atRiskRatio, now: now,
            trackingCode: trackingCode, into: &json)
        var headers = headers
        headers.set("ETag", ETag.value(of: complaint))
        return Backend.json(status, json.bytes, headers: headers)
    }
}
