import JSON
import Testing
import TestClient
@testable import RedressAPI

/// `assignee` names a staff user where it can (by id, or by a user's e-mail), showing their
/// display name; other text is kept as before users existed; `assignee=me` lists a user's own.
@Suite struct UserAssigneeTests {
    private func accepted(_ service: TestService) throws -> Int64 {
        let id = try service.register()
        try service.take([("assess", #"{"valid":true,"category":"product_quality"}"#)], on: id)
        return id
    }

    @Test func assigningByEmailOrIdNamesTheUserAndShowsTheirName() throws {
        let service = try TestService()
        let user = try service.createUser("li.na@example.com", name: "李娜")
        let first = try accepted(service)
        let byEmail = try service.act(
            "assign", on: first, key: service.adminKey,
            json: #"{"department":"quality","assignee":"LI.NA@example.com"}"#)
        #expect(byEmail.status == 200, "\(byEmail.text)")
        #expect(try byEmail.json()["assignee"]?.string == "李娜" && byEmail.json()["assignee_user"]?.int == user)
        let second = try accepted(service)
        let byID = try service.act(
            "assign", on: second, key: service.adminKey, json: #"{"department":"quality","assignee":\#(user)}"#)
        #expect(try byID.json()["assignee"]?.string == "李娜" && byID.json()["assignee_user"]?.int == user)
        let event = try #require(service.timeline(second).last)
        #expect(event["data"]?["assignee_user"]?.int == user)
        // Free text is a name, as before: no user.
        let third = try accepted(service)
        let text = try service.act(
            "assign", on: third, key: service.adminKey, json: #"{"department":"quality","assignee":"张伟"}"#)
        #expect(try text.json()["assignee"]?.string == "张伟" && text.json()["assignee_user"] == .null)
        let unknownEmail = try service.act(
            "assign", on: try accepted(service), key: service.adminKey,
            json: #"{"department":"quality","assignee":"who@example.com"}"#)
        #expect(
            try unknownEmail.json()["assignee"]?.string == "who@example.com"
                && unknownEmail.json()["assignee_user"] == .null)

        // `assignee=me` lists what is assigned to the signed-in user, alone or with names.
        let session = try service.signIn("li.na@example.com")
        let mine = try service.request("GET", "/v1/complaints?assignee=me", headers: session.reading).json()
        #expect(Set(mine["data"]?.array?.compactMap { $0["id"]?.int } ?? []) == [first, second])
        let either = try service.request(
            "GET", "/v1/complaints?assignee=me,%E5%BC%A0%E4%BC%9F", headers: session.reading)
        #expect(try Set(either.json()["data"]?.array?.compactMap { $0["id"]?.int } ?? []) == [first, second, third])
        let keyed = try service.request("GET", "/v1/complaints?assignee=me", key: service.adminKey)
        #expect(try keyed.status == 400 && keyed.json()["errors"]?[0]?["field"]?.string == "assignee")

        // A new display name shows on their complaints, with a new version.
        let before = try service.complaint(first)["version"]?.int
        _ = try service.request(
            "PATCH", "/v1/users/\(user)", key: service.adminKey, json: #"{"display_name":"李娜 (质量)"}"#)
        let renamed = try service.complaint(first)
        #expect(renamed["assignee"]?.string == "李娜 (质量)" && renamed["version"]?.int == before.map { $0 + 1 })
        #expect(try service.complaint(third)["assignee"]?.string == "张伟")
    }

    @Test func anAssigneeNamingNoUserOrADeactivatedOneIsRefused() throws {
        let service = try TestService()
        let user = try service.createUser("li.na@example.com")
        _ = try service.request("PATCH", "/v1/users/\(user)", key: service.adminKey, json: #"{"active":false}"#)
        let id = try accepted(service)
        for body in [
            #"{"department":"quality","assignee":99}"#, #"{"department":"quality","assignee":\#(user)}"#,
            #"{"department":"quality","assignee":"li.na@example.com"}"#, #"{"department":"quality","assignee":0}"#,
        ] {
            let response = try service.act("assign", on: id, key: service.adminKey, json: body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(try response.json()["errors"]?[0]?["field"]?.string == "assignee")
        }
        #expect(try service.complaint(id)["status"]?.string == "accepted")
    }
}
