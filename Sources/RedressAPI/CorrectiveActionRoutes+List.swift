import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

extension CorrectiveActionRoutes {
    /// `GET /v1/corrective-actions?status=&overdue=&complaint=&limit=&cursor=`: a page of actions,
    /// soonest due first. `complaint` is an id or a case number; one that names no complaint
    /// matches nothing.
    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try backend.caller(of: request, atLeast: .agent)
        var query = ListQuery(request, allowed: ["status", "overdue", "complaint", "limit", "cursor"])
        var filter = CorrectiveActionFilter()
        filter.statuses = query.choices("status")
        filter.overdue = query.bool("overdue")
        if let ref = query.string("complaint") {
            if let id = Casework.id(ref) {
                filter.complaintID = id
            } else if let number = CaseNumber(ref) {
                filter.complaintNumber = number
            } else {
                query.errors.append(FieldError("complaint", "must be a complaint's id or case number"))
            }
        }
        let limit = query.integer("limit", in: 1...200, default: 50)
        let cursor = query.cursor(CorrectiveActionCursor.init(token:))
        try query.validate()
        let now = backend.now
        let selection = filter
        let page = try backend.database.read {
            try $0.correctiveActions(selection, after: cursor, limit: limit, now: now)
        }
        var json = JSONWriter(capacity: 256 + 512 * page.actions.count)
        json.beginObject()
        json.key("data")
        json.beginArray()
        page.actions.forEach { Self.write($0, now: now, into: &json) }
        json.endArray()
        json.field("next_cursor", page.next?.token)
        json.endObject()
        return Backend.json(.ok, json.bytes)
    }
}
