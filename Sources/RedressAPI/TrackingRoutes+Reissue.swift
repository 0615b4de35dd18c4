import HTTP
import JSON
import RedressDomain
import RedressStore

extension TrackingRoutes {
    /// The type of the event a re-issued code records; the code itself is in no event.
    static let reissuedEvent = "complaint.tracking_code_reissued"

    /// `POST /v1/complaints/{ref}/tracking-code` (agent): a new tracking code for a complainant who
    /// lost theirs. The old code stops working at once; the history records who issued the new
    /// one. 200 with `{id, number, tracking_code}`, the code shown only here.
    func reissue(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let idempotency = try Idempotency(request)
        let code = TrackingCode.generate()
        let now = backend.now
        return try backend.write(idempotency, by: caller, now: now) { connection in
            let complaint = try ComplaintRoutes.complaint(ref, visibleTo: caller, on: connection)
            try connection.replaceTrackingDigest(complaintID: complaint.id, with: TrackingCode.digest(of: code))
            _ = try connection.appendEvent(complaintID: complaint.id, type: Self.reissuedEvent, at: now, actor: caller.name,
                                           from: complaint.status, to: complaint.status, data: EventJSON.encode([]))
            var json = JSONWriter(capacity: 96)
            json.beginObject()
            json.field("id", complaint.id)
            json.field("number", complaint.number.description)
            json.field("tracking_code", code)
            json.endObject()
            return Backend.json(.ok, json.bytes, headers: ["Cache-Control": "no-store"])
        }
    }
}
