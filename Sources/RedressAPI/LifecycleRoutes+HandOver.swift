import HTTP
import RedressCasework
import RedressDomain

extension LifecycleRoutes {
    /// `POST /v1/complaints/{ref}/hand-over` (supervisor) `{responsible, reason}`: makes another
    /// person answerable for the complaint (`Casework.handOver`), honouring `If-Match`; 200 with
    /// the complaint as it now stands. Handing it to whoever has it already changes nothing.
    func handOver(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let caller = try backend.caller(of: request, atLeast: .supervisor)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(["responsible", "reason"])
        let responsible = body.string("responsible", required: true)
        let reason = body.string("reason", required: true)
        if let responsible {
            ComplaintRules.check(responsible, "responsible", ActionInput.nameLength, into: &body.errors)
        }
        if let reason { ComplaintRules.check(reason, "reason", ActionInput.textLength, into: &body.errors) }
        try body.validate()
        let now = backend.now
        let settings = try backend.settings()
        let respond: @Sendable (Complaint) -> HTTPResponse = {
            ComplaintRoutes.response($0, for: caller, settings: settings, now: now)
        }
        return try backend.casework.handOver(
            ref, to: responsible!, reason: reason!, by: caller, now: now, claim: claim,
            precondition: { try ETag.check(request, against: $0) }, reply: { respond($0).reply }
        ).response(respond)
    }
}
