import HTTP
import JSON
import RedressDomain
import RedressStore

extension LifecycleRoutes {
    /// `GET /v1/complaints/{ref}/timeline?limit=&cursor=`: a page of the complaint's events,
    /// oldest first, for anyone who can see it.
    func timeline(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        try historyPage(request, ref: ref, fetch: { try $0.events(complaintID: $1, after: $2, limit: $3) },
                        position: \.seq) { EventJSON.write($0, withComplaint: false, into: &$1) }
    }
}
