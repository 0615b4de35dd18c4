import JSON
import Testing
import TestClient
@testable import RedressAPI

/// Appraisal and responsibility (DOMAIN.md: companies record penalties against the responsible
/// party): per person and per department, how they kept the time limits, how satisfied their
/// customers were, and what was charged to them.
@Suite struct AppraisalTests {
    private func entry(_ report: JSONValue, _ field: String, _ key: String) -> JSONValue? {
        report["data"]?.array?.first { $0[field]?.string == key }
    }

    @Test func eachPersonAndDepartmentIsJudgedOnTheirOwnComplaintsAndCharges() throws {
        let service = try TestService()
        let start = service.clock.now
        let a = try service.register(), b = try service.register(), c = try service.register()
        try service.take(
            [
                ("assess", #"{"valid":true}"#), ("assign", #"{"department":"quality","assignee":"张伟"}"#),
                ("investigate", #"{"findings":"Seal worn"}"#),
                (
                    "propose",
                    #"{"remedies":["apology"],"description":"Apology and a new seal","root_cause":"Worn seal","responsibility":{"department":"logistics","person":"王强","penalty_minor":50000}}"#
                ),
                ("resolve", #"{"note":"Seal replaced","notified_via":"phone"}"#),
                ("follow-up", #"{"method":"phone","satisfied":true,"score":4}"#),
            ], on: a)
        try service.take(
            [("assess", #"{"valid":true}"#), ("assign", #"{"department":"quality","assignee":"张伟"}"#)], on: b)
        service.clock.advance(hours: 200)
        try service.take(
            [("assess", #"{"valid":true}"#), ("assign", #"{"department":"billing","assignee":"李娜"}"#)], on: c)

        let from = start.adding(seconds: -3600)
        let people = try service.request("GET", "/v1/stats/people?from=\(from)", key: service.key(.supervisor))
        #expect(people.status == 200, "\(people.text)")
        let report = try people.json()
        let zhang = try #require(entry(report, "person", "张伟"))
        #expect(zhang["handled"]?.int == 2)
        #expect(zhang["resolved"]?.int == 1)
        // The first complaint's customer was told of the proposal in time; the second was assigned
        // but never contacted, which is no first contact.
        #expect(zhang["on_time_rate"]?["first_response"] == .double(0.5))
        #expect(zhang["on_time_rate"]?["resolution"] == .double(0.5))
        #expect(zhang["on_time_rate"]?["follow_up"] == .int(1))
        #expect(zhang["satisfaction_mean"] == .int(4))
        #expect(zhang["satisfaction_count"]?.int == 1)
        #expect(zhang["penalties"]?["count"]?.int == 0)
        let li = try #require(entry(report, "person", "李娜"))
        #expect(li["on_time_rate"]?["first_response"] == .int(0))
        #expect(li["on_time_rate"]?["resolution"] == .int(0))
        #expect(li["on_time_rate"]?["follow_up"] == .null)
        #expect(li["resolution_hours_mean"] == .null)
        let wang = try #require(entry(report, "person", "王强"))
        #expect(wang["handled"]?.int == 0)
        #expect(wang["penalties"] == JSONValue.object([("count", .int(1)), ("sum_minor", .int(50000))]))

        let departments = try service.request("GET", "/v1/stats/departments?from=\(from)", key: service.adminKey).json()
        #expect(entry(departments, "department", "quality")?["handled"]?.int == 2)
        #expect(entry(departments, "department", "billing")?["handled"]?.int == 1)
        #expect(entry(departments, "department", "logistics")?["penalties"]?["sum_minor"]?.int == 50000)
    }

    @Test func theReportsAreForSupervisorsAndTheirPeriodIsChecked() throws {
        let service = try TestService()
        #expect(try service.request("GET", "/v1/stats/people", key: service.key(.agent)).status == 403)
        #expect(try service.request("GET", "/v1/stats/departments", key: nil).status == 401)
        let backwards = try service.request(
            "GET", "/v1/stats/people?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z",
            key: service.adminKey)
        #expect(backwards.status == 400)
        #expect(try backwards.json()["errors"]?[0]?["field"]?.string == "from")
        #expect(try service.request("GET", "/v1/stats/people?group_by=x", key: service.adminKey).status == 400)
        let empty = try service.request("GET", "/v1/stats/departments", key: service.adminKey).json()
        #expect(empty["data"]?.array?.isEmpty == true)
    }
}
