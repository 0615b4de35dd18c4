import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

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
            try Self.withComplaint(ref, visibleTo: caller, on: connection) { stored in
                Self.response(stored, for: caller, settings: settings, now: now)
            }
        }
    }

    /// The complaint a path's `{ref}` names (an id or a case number) if the caller may see it; 404 otherwise.
    static func complaint(_ ref: String, visibleTo caller: Caller, on connection: Connection) throws -> Complaint {
        try withComplaint(ref, visibleTo: caller, on: connection) { try $0.complaint() }
    }

    /// `body`'s result over the stored complaint a path's `{ref}` names, read in place, if the
    /// caller may see it; 404 otherwise.
    static func withComplaint<T>(_ ref: String, visibleTo caller: Caller, on connection: Connection,
                                 _ body: (StoredComplaint) throws -> T) throws -> T {
        // An intake key sees only what it registered; for others the complaint does not exist.
        func visible(_ stored: StoredComplaint) throws -> T? {
            caller.role > .intake || stored.integer(.createdByKey) == caller.keyID ? try body(stored) : nil
        }
        var found: T??
        if let id = Backend.id(ref) {
            found = try connection.withStoredComplaint(id: id, visible)
        } else if let number = CaseNumber(ref) {
            found = try connection.withStoredComplaint(number: number, visible)
        }
        guard let result = found ?? nil else { throw Problem.notFound("No complaint \(ref) exists.") }
        return result
    }

    /// A complaint as a 200 (or `status`) response with its `ETag`.
    static func response(_ complaint: some ComplaintFields, for caller: Caller, settings: Settings, now: Instant,
                         status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(),
                         trackingCode: String? = nil) -> HTTPResponse {
        var json = JSONWriter(capacity: 2048)
        ComplaintJSON.write(complaint, role: caller.role, atRiskRatio: settings.atRiskRatio, now: now,
                            trackingCode: trackingCode, into: &json)
        var headers = headers
        headers.set("ETag", ETag.value(of: complaint))
        return Backend.json(status, json.bytes, headers: headers)
    }
}
