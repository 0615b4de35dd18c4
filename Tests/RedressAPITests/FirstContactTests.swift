import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// First contact means contact (issue 19, point 4): the `contact` action, and the investigation
/// report that stops its own clock, over HTTP.
@Suite struct FirstContactTests {
    @Test func reachingTheCustomerStopsTheFirstContactClockAndAPublicSummaryIsTheirsToRead() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let tracked = try service.registerTracked()
        try service.take(Array(toInvestigating.prefix(2)), on: tracked.id)
        #expect(try service.complaint(tracked.id)["first_responded_at"] == .null)

        service.clock.advance(hours: 3)
        let internalCall = try service.act(
            "contact", on: tracked.id, key: agent,
            json: #"{"method":"phone","summary":"Customer prefers calls after 6 pm."}"#)
        #expect(internalCall.status == 200)
        #expect(try internalCall.json()["first_responded_at"]?.string == service.clock.now.rfc3339)
        #expect(try internalCall.json()["status"]?.string == "assigned")

        service.clock.advance(hours: 1)
        let publicCall = try service.act(
            "contact", on: tracked.id, key: agent,
            json: """
                {"method":"email","summary":"An engineer will visit on Tuesday morning.","visibility":"public"}
                """, headers: [("If-Match", "\"4\"")])
        #expect(publicCall.status == 200)
        #expect(try publicCall.json()["first_responded_at"]?.string == service.clock.now.adding(hours: -1).rfc3339)

        let contacts = try service.timeline(tracked.id).filter { $0["type"]?.string == "complaint.contacted" }
        #expect(contacts.map { $0["data"]?["first_response"]?.bool } == [true, false])
        #expect(contacts.map { $0["data"]?["method"]?.string } == ["phone", "email"])
        let view = try service.track(tracked.number, code: tracked.code).json()
        let notes = view["timeline"]?.array?.compactMap { $0["note"]?.string } ?? []
        #expect(notes == ["An engineer will visit on Tuesday morning."])
    }

    @Test(arguments: [
        (#"{}"#, ["method", "summary"]),
        (#"{"method":"fax","summary":"Faxed"}"#, ["method"]),
        (#"{"method":"phone","summary":"  "}"#, ["summary"]),
        (#"{"method":"phone","summary":"Called\u0000"}"#, ["summary"]),
        (#"{"method":"phone","summary":"Called","visibility":"everyone","via":"x"}"#, ["via", "visibility"]),
        (#"{"method":1,"summary":["a"]}"#, ["method", "summary"]),
    ])
    func aBadContactIsRefusedNamingEachFieldAndChangesNothing(body: String, fields: [String]) throws {
        let service = try TestService()
        let id = try service.register()
        let response = try service.act("contact", on: id, key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(Set(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == Set(fields))
        #expect(try service.complaint(id)["version"]?.int == 1)
    }

    @Test func aContactNeedsAnAgentAndAnOpenComplaint() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let id = try service.register(key: intake)
        let body = #"{"method":"phone","summary":"Called"}"#
        #expect(try service.act("contact", on: id, key: intake, json: body).status == 403)
        try service.take([("withdraw", #"{"reason":"Sorted out."}"#)], on: id)
        let closed = try service.act("contact", on: id, key: service.adminKey, json: body)
        #expect(closed.status == 409)
        #expect(try closed.json()["allowed_actions"]?.strings == [])
    }

    @Test func theFirstInvestigationReportIsRecordedAndShown() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(Array(toInvestigating.prefix(2)), on: id)
        service.clock.advance(hours: 30)
        let reported = try service.act(
            "investigate", on: id, key: service.adminKey,
            json: #"{"report":"Seal torn in transit; the carrier is responsible."}"#
        ).json()
        #expect(reported["investigation_reported_at"]?.string == service.clock.now.rfc3339)
        #expect(reported["investigation"]?["report"]?.string == "Seal torn in transit; the carrier is responsible.")
        service.clock.advance(hours: 1)
        let revised = try service.act(
            "investigate", on: id, key: service.adminKey,
            json: #"{"findings":"Two more units were damaged."}"#
        ).json()
        #expect(revised["investigation_reported_at"]?.string == service.clock.now.adding(hours: -1).rfc3339)
        #expect(revised["investigation"]?["report"]?.string == "Seal torn in transit; the carrier is responsible.")
        let blank = try service.act("investigate", on: id, key: service.adminKey, json: #"{"report":""}"#)
        #expect(blank.status == 422)
        #expect(try blank.json()["errors"]?[0]?["field"]?.string == "report")
    }
}
