import JSON
import SQLite
import Testing
import TestClient
@testable import RedressAPI
@testable import RedressStore

/// "Whoever first receives a complaint is responsible for it": the first receiver stays
/// answerable until a supervisor hands the complaint over, and lists find a person's complaints.
@Suite struct ResponsibleTests {
    private func handOver(
        _ service: TestService, _ id: Int64, _ json: String, key: String? = nil,
        headers: [(String, String)] = []
    ) throws -> TestClient.Response {
        try service.request(
            "POST", "/v1/complaints/\(id)/hand-over", key: key ?? service.adminKey, json: json,
            headers: headers)
    }

    @Test func theFirstReceiverStaysResponsibleUntilASupervisorHandsItOver() throws {
        let service = try TestService()
        let desk = try service.key(.intake, name: "前台 王丽")
        let id = try service.register(key: desk)
        try service.take(toInvestigating, on: id)
        // Assigning someone to work on it does not change who answers for it.
        #expect(try service.complaint(id)["responsible"]?.string == "前台 王丽")
        let supervisor = try service.key(.supervisor)
        let handed = try handOver(
            service, id, #"{"responsible":"李娜","reason":"王丽 moved to the Beijing office."}"#,
            key: supervisor, headers: [("If-Match", "\"4\"")])
        #expect(handed.status == 200, "\(handed.text)")
        #expect(try handed.json()["responsible"]?.string == "李娜")
        #expect(try handed.json()["version"]?.int == 5)
        let event = try #require(service.timeline(id).last)
        #expect(event["type"]?.string == "complaint.handed_over")
        #expect(event["data"]?["previous_responsible"]?.string == "前台 王丽")
        #expect(event["data"]?["reason"]?.string == "王丽 moved to the Beijing office.")
        // Handing it to the person who has it changes nothing.
        #expect(try handOver(service, id, #"{"responsible":"李娜","reason":"Again"}"#).json()["version"]?.int == 5)

        let other = try service.register(key: desk, json: complaintJSON(subjectRef: "WM-300"))
        let mine = try service.request("GET", "/v1/complaints?responsible=%E6%9D%8E%E5%A8%9C", key: service.adminKey)
            .json()
        #expect(mine["data"]?.array?.compactMap { $0["id"]?.int } == [id])
        let theirs = try service.request(
            "GET", "/v1/complaints?responsible=%E5%89%8D%E5%8F%B0%20%E7%8E%8B%E4%B8%BD",
            key: service.adminKey
        ).json()
        #expect(theirs["data"]?.array?.compactMap { $0["id"]?.int } == [other])
    }

    @Test func aComplaintFromBeforeIsAnsweredForByItsReceiver() throws {
        let service = try TestService()
        let id = try service.register()
        try service.database.write { try $0.run("UPDATE complaints SET responsible = NULL WHERE id = ?", id) }
        #expect(try service.complaint(id)["responsible"]?.string == "admin")
        let found = try service.request("GET", "/v1/complaints?responsible=admin", key: service.adminKey).json()
        #expect(found["data"]?.array?.count == 1)
        let plan = try service.database.read { connection in
            try connection.query(
                "EXPLAIN QUERY PLAN SELECT id FROM complaints c WHERE COALESCE(c.responsible, c.received_by) IN (?)",
                "admin"
            ).map { try $0.get(3) as String }
        }
        #expect(plan.contains { $0.contains("complaints_responsible") }, "\(plan)")
    }

    @Test func onlySupervisorsHandOverOpenComplaintsAndBadBodiesChangeNothing() throws {
        let service = try TestService()
        let id = try service.register()
        #expect(
            try handOver(service, id, #"{"responsible":"李娜","reason":"x"}"#, key: try service.key(.agent)).status == 403
        )
        for (body, field) in [
            (#"{"reason":"x"}"#, "responsible"), (#"{"responsible":"李娜"}"#, "reason"),
            (#"{"responsible":" ","reason":"x"}"#, "responsible"),
            (#"{"responsible":"李娜","reason":"x","team":"a"}"#, "team"),
        ] {
            let refused = try handOver(service, id, body)
            #expect(refused.status == 422, "\(body)")
            #expect(try refused.json()["errors"]?[0]?["field"]?.string == field, "\(body)")
        }
        #expect(
            try handOver(service, id, #"{"responsible":"李娜","reason":"x"}"#, headers: [("If-Match", "\"9\"")]).status
                == 412)
        try service.take([("withdraw", #"{"reason":"Sorted"}"#)], on: id)
        #expect(try handOver(service, id, #"{"responsible":"李娜","reason":"x"}"#).status == 409)
        #expect(try service.complaint(id)["responsible"]?.string == "admin")
        let intakeList = try service.request("GET", "/v1/complaints?responsible=admin", key: try service.key(.intake))
        #expect(intakeList.status == 403)
    }
}
