import HTTP
import JSON
import RedressDomain
import RedressStore

extension LifecycleRoutes {
    /// `GET /v1/complaints/{ref}/timeline?limit=&cursor=`: a page of the complaint's events,
    /// oldest first, for agents and above: events carry internal data (assignees, departments,
    /// responsibility, the case a repeat repeats), which an intake key does not see.
    func timeline(_ request: HTTPRequest, ref: String) throws -> HTTPResponse {
        try historyPage(
            request, ref: ref, for: .agent, fetch: { try $0.events(complaintID: $2, after: $3, limit: $4) },
            position: \.seq
        ) { EventJSON.write($0, withComplaint: false, into: &$1) }
    }
}
