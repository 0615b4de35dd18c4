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
        return Self.page(events, write: Self.write)
    }

    /// One event: `{seq, type, at, actor, from_status, to_status, data}`, the data as stored.
    static func write(_ event: EventRecord, into json: inout JSONWriter) {
        json.beginObject()
        json.field("seq", event.seq)
        json.field("type", event.type)
        json.field("at", event.at.rfc3339)
        json.field("actor", event.actor)
        json.field("from_status", event.fromStatus?.rawValue)
        json.field("to_status", event.toStatus?.rawValue)
        json.key("data")
        json.raw(event.data)
        json.endObject()
    }
}
