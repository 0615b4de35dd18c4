import HTTP
import JSON
import RedressDomain
import RedressStore

extension LifecycleRoutes {
    /// `GET /v1/complaints/{ref}/timeline`: every event of the complaint, oldest first, for anyone
    /// who can see it.
    func timeline(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        let events = try services.database.read { connection in
            let caller = try Authenticator.caller(of: request, on: connection)
            try ListQuery(request, allowed: []).validate()
            return try connection.events(complaintID: ComplaintRoutes.complaint(ref, visibleTo: caller, on: connection).id)
        }
        return Self.page(events) { EventJSON.write($0, withComplaint: false, into: &$1) }
    }
}
