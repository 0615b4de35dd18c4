import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension TrackingRoutes {
    /// `POST /v1/complaints/{ref}/tracking-code` (agent): a new tracking code for a complainant who
    /// lost theirs (`Casework.reissueTrackingCode`). 200 with `{id, number, tracking_code}`, the
    /// code shown only here.
    func reissue(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .agent)
        let claim = try IdempotencyClaim(request)
        let respond: @Sendable (Registered) -> HTTPResponse = { issued in
            var json = JSONWriter(capacity: 96)
            json.beginObject()
            json.field("id", issued.complaint.id)
            json.field("number", issued.complaint.number.description)
            json.field("tracking_code", issued.trackingCode)
            json.endObject()
            return Backend.json(.ok, json.bytes, headers: ["Cache-Control": "no-store"])
        }
        return try backend.casework.reissueTrackingCode(
            for: ref, by: caller, now: backend.now, claim: claim,
            reply: { respond($0).reply }
        ).response(respond)
    }
}
