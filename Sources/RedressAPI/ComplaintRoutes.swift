import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

/// `/v1/complaints`: intake, reading, editing and finding complaints.
struct ComplaintRoutes {
    let services: Services

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
        let now = services.now
        let caller = try services.caller(of: request, atLeast: .intake, waiting: request.mayWait)
        let settings = try services.settings(waiting: request.mayWait)
        let complaint = try services.read(waiting: request.mayWait) { try Self.complaint(ref, visibleTo: caller, on: $0) }
        return Self.response(complaint, for: caller, settings: settings, now: now)
    }

    /// The complaint a path's `{ref}` names (an id or a case number) if the caller may see it; 404 otherwise.
    static func complaint(_ ref: String, visibleTo caller: Caller, on connection: Connection) throws -> Complaint {
        var found: Complaint?
        if let id = Services.id(ref) {
            found = try connection.complaint(id: id)
        } else if let number = CaseNumber(ref) {
            found = try connection.complaint(number: number)
        }
        // An intake key sees only what it registered; for others the complaint does not exist.
        guard let complaint = found, caller.role > .intake || complaint.createdByKey == caller.keyID else {
            throw Problem.notFound("No complaint \(ref) exists.")
        }
        return complaint
    }

    /// A complaint as a 200 (or `status`) response with its `ETag`.
    static func response(_ complaint: Complaint, for caller: Caller, settings: Settings, now: Instant,
                         status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(),
                         trackingCode: String? = nil) -> HTTPResponse {
        var json = JSONWriter(capacity: 2048)
        ComplaintJSON.write(complaint, role: caller.role, atRiskRatio: settings.atRiskRatio, now: now,
                            trackingCode: trackingCode, into: &json)
        var headers = headers
        headers.set("ETag", ETag.value(of: complaint))
        return Services.json(status, json.bytes, headers: headers)
    }
}
