import Foundation
import Testing
import JSON
import RedressDomain
import SQLite
import TestClient
@testable import RedressAPI
@testable import RedressStore

/// The sweep's side of time limits (issue 19, points 1, 3 and 6): the department's clock, alerts
/// on every clock, the customer's silence reminded and then closed, the indexed `overdue` and
/// `at_risk` lists, and re-dating open complaints in the background after a change.
@Suite struct TimeLimitSweepTests {
    /// Mon–Fri 09:00–17:00 UTC.
    static let office =
        #"{"zone":"UTC","hours":{"monday":["09:00-17:00"],"tuesday":["09:00-17:00"],"wednesday":["09:00-17:00"],"thursday":["09:00-17:00"],"friday":["09:00-17:00"]}}"#

    private static let ask = #"{"question":"Which model is it?","channel":"phone"}"#
    private static let reply = #"{"summary":"WM-200.","channel":"phone"}"#

    /// Quality answers in 10 hours, logistics in 20, while each holds the complaint.
    private static let departmentPolicies = """
        {"policies":[{"name":"departments","department_targets":{\
        "quality":{"unit":"calendar_hours","amount":10},"logistics":{"unit":"calendar_hours","amount":20}},\
        "targets":{}}]}
        """

    private func put(_ path: String, _ body: String, on service: TestService, status: Int = 200) throws {
        let response = try service.request("PUT", path, key: service.adminKey, json: body)
        try #require(response.status == status, "\(response.text)")
    }

    // The sweep's events on a complaint, as "type limit".
    private func alerts(_ id: Int64, in service: TestService) throws -> [String] {
        try service.timeline(id).compactMap { event in
            guard let type = event["type"]?.string, type.hasPrefix("complaint.sla_") else { return nil }
            return "\(type) \(event["data"]?["limit"]?.string ?? "")"
        }
    }

    private func listed(_ query: String, in service: TestService) throws -> [Int64] {
        let response = try service.request("GET", "/v1/complaints?\(query)", key: service.adminKey)
        try #require(response.status == 200, "\(response.text)")
        return try response.json()["data"]?.array?.compactMap { $0["id"]?.int } ?? []
    }

    @Test func aDepartmentsLimitCountsFromItsAssignmentPausesWithTheCustomerAndIsAlerted() throws {
        let service = try TestService()
        try put("/v1/sla-policies", Self.departmentPolicies, on: service)
        let id = try service.register()
        #expect(try service.complaint(id)["sla"]?["clocks"]?["department"] == .null)
        try service.take(Array(toInvestigating.prefix(2)), on: id)
        let assignedAt = service.clock.now
        let clock = try #require(try service.complaint(id)["sla"]?["clocks"]?["department"])
        #expect(clock["department"]?.string == "quality")
        #expect(clock["started_at"]?.string == assignedAt.rfc3339)
        #expect(clock["due_at"]?.string == assignedAt.adding(hours: 10).rfc3339)
        #expect(clock["at_risk_at"]?.string == assignedAt.adding(hours: 8).rfc3339)
        #expect(clock["policy"]?.string == "departments")
        #expect(clock["calendar"]?.string == "24x7")
        #expect(clock["target"] == .object([("unit", .string("calendar_hours")), ("amount", .int(10))]))
        #expect(clock["paused_for"]?.int == 0)
        #expect(try SLASweep.run(service.backend) == 0)

        service.clock.advance(hours: 8)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try alerts(id, in: service) == ["complaint.sla_at_risk department"])
        #expect(try service.complaint(id)["sla"]?["at_risk"]?.strings == ["department"])
        #expect(try listed("at_risk=true", in: service) == [id])

        // Waiting on the customer stops the department's clock with the resolution's.
        try service.take([("await-customer", Self.ask)], on: id)
        service.clock.advance(hours: 5)
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try service.complaint(id)["sla"]?["breached"]?.strings == [])
        #expect(try listed("overdue=true", in: service) == [])
        try service.take([("customer-replied", Self.reply)], on: id)
        let resumed = try #require(try service.complaint(id)["sla"]?["clocks"]?["department"])
        #expect(resumed["due_at"]?.string == assignedAt.adding(hours: 15).rfc3339)
        #expect(resumed["paused_for"]?.int == 18_000)
        #expect(try service.timeline(id).last?["data"]?["department_due_at"] == resumed["due_at"])

        service.clock.advance(hours: 2)
        service.clock.advance(seconds: 1)
        #expect(try SLASweep.run(service.backend) == 1)
        let breach = try #require(service.timeline(id).last)
        #expect(breach["type"]?.string == "complaint.sla_breached")
        #expect(breach["data"]?["limit"]?.string == "department")
        #expect(breach["data"]?["department"]?.string == "quality")
        #expect(try listed("overdue=true", in: service) == [id])
        #expect(try listed("at_risk=true", in: service) == [])

        // Another department starts a clock of its own, alerted on again.
        try service.take([("assign", #"{"department":"logistics","assignee":"王强"}"#)], on: id)
        let moved = try service.complaint(id)
        #expect(
            moved["sla"]?["clocks"]?["department"]?["due_at"]?.string == service.clock.now.adding(hours: 20).rfc3339)
        #expect(moved["sla"]?["breached"]?.strings == [])
        #expect(try listed("overdue=true", in: service) == [])
        service.clock.advance(hours: 21)
        // First seen already missed, a limit is alerted as breached, not at risk first.
        #expect(try SLASweep.run(service.backend) == 2)
        #expect(
            try alerts(id, in: service).suffix(2) == [
                "complaint.sla_breached first_response", "complaint.sla_breached department",
            ])
        #expect(
            try service.timeline(id).last(where: { $0["data"]?["limit"]?.string == "department" })?["data"]?[
                "department"]?.string == "logistics")
        #expect(try SLASweep.run(service.backend) == 0)
    }

    @Test func theInvestigationReportsClockIsWarnedAboutInWorkingTime() throws {
        let service = try TestService()
        // Mon–Fri 09:00–17:00 UTC; the test clock starts on Sunday at 05:40:17.
        try put(
            "/v1/calendars/office", Self.office, on: service, status: 201)
        try put(
            "/v1/sla-policies",
            #"{"policies":[{"name":"report","calendar":"office","targets":{"first_contact":{"unit":"working_days","amount":5},"investigation_report":{"unit":"working_hours","amount":10},"resolution":{"unit":"working_days","amount":20}}}]}"#,
            on: service)
        let id = try service.register()
        let clock = try #require(try service.complaint(id)["sla"]?["clocks"]?["investigation_report"])
        // Ten working hours from Sunday: Monday's eight and two on Tuesday; at risk after eight.
        #expect(clock["due_at"]?.string == "2026-11-24T11:00:00Z")
        #expect(clock["at_risk_at"]?.string == "2026-11-23T17:00:00Z")
        service.clock.advance(seconds: Instant(rfc3339: "2026-11-23T17:00:00Z")!.seconds - service.clock.now.seconds)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try alerts(id, in: service) == ["complaint.sla_at_risk investigation_report"])
        service.clock.advance(hours: 18)
        service.clock.advance(seconds: 1)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try alerts(id, in: service).last == "complaint.sla_breached investigation_report")
        #expect(try service.complaint(id)["sla"]?["breached"]?.strings == ["investigation_report"])
    }

    @Test func theCustomersSilenceBringsOneReminderThenWithdrawsTheComplaint() throws {
        let service = try TestService()
        let patched = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey,
            json:
                #"{"no_reply_reminder":{"unit":"calendar_hours","amount":0.01},"no_reply_withdraw":{"unit":"calendar_hours","amount":0.02}}"#
        )
        try #require(patched.status == 200, "\(patched.text)")
        #expect(
            try patched.json()["no_reply_withdraw"]
                == .object([("unit", .string("calendar_hours")), ("amount", .double(0.02))]))
        let silent = try service.register()
        let answering = try service.register(json: complaintJSON(subjectRef: "DW-7"))
        for id in [silent, answering] { try service.take(toInvestigating + [("await-customer", Self.ask)], on: id) }
        let since = service.clock.now
        #expect(try SLASweep.run(service.backend) == 0)
        let checks = {
            let now = service.clock.now
            return try service.database.read { try $0.complaintIDsDueForSLACheck(now: now) }
        }

        // A reminder 36 seconds after the question, not a second before; looked at then and not in between.
        service.clock.advance(seconds: 36)
        #expect(try checks() == [])
        #expect(try SLASweep.run(service.backend) == 0)
        try service.take([("customer-replied", Self.reply)], on: answering)
        service.clock.advance(seconds: 1)
        #expect(try checks() == [answering, silent])
        #expect(try SLASweep.run(service.backend) == 1)
        let reminder = try #require(service.timeline(silent).last)
        #expect(reminder["type"]?.string == "complaint.reply_reminder")
        #expect(reminder["actor"]?.string == "system")
        #expect(reminder["data"]?["awaiting_customer_since"]?.string == since.rfc3339)
        #expect(reminder["data"]?["withdraw_at"]?.string == since.adding(seconds: 72).rfc3339)
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try service.timeline(answering).contains { $0["type"]?.string == "complaint.reply_reminder" } == false)

        service.clock.advance(seconds: 36)
        #expect(try SLASweep.run(service.backend) == 1)
        let closed = try service.complaint(silent)
        #expect(closed["status"]?.string == "withdrawn")
        #expect(closed["closed_at"]?.string == service.clock.now.rfc3339)
        let withdrawal = try #require(service.timeline(silent).last)
        #expect(withdrawal["type"]?.string == "complaint.withdrawn")
        #expect(withdrawal["actor"]?.string == "system")
        #expect(withdrawal["data"]?["reason"]?.string == "no_reply")
        #expect(try service.complaint(answering)["status"]?.string == "investigating")
        service.clock.advance(hours: 1)
        #expect(try checks().contains(silent) == false)
        #expect(try SLASweep.run(service.backend) == 0)
    }

    @Test func aReminderAloneNeverClosesAndAWaitCountsInWorkingDays() throws {
        let service = try TestService()
        try put(
            "/v1/calendars/office", Self.office, on: service, status: 201)
        try put(
            "/v1/sla-policies",
            #"{"policies":[{"name":"office","calendar":"office","targets":{"resolution":{"unit":"working_days","amount":10}}}]}"#,
            on: service)
        let patched = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey,
            json: #"{"no_reply_reminder":{"unit":"working_days","amount":2}}"#)
        try #require(patched.status == 200, "\(patched.text)")
        let id = try service.register()
        // Asked on Sunday: two working days end at Tuesday's close.
        try service.take([contactStep, ("await-customer", Self.ask)], on: id)
        #expect(try SLASweep.run(service.backend) == 0)
        service.clock.advance(seconds: Instant(rfc3339: "2026-11-24T17:00:00Z")!.seconds - service.clock.now.seconds)
        #expect(try SLASweep.run(service.backend) == 0)
        service.clock.advance(seconds: 1)
        #expect(try SLASweep.run(service.backend) == 1)
        service.clock.advance(hours: 24 * 60)
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try service.complaint(id)["status"]?.string == "awaiting_customer")
    }

    @Test(arguments: [
        (#"{"no_reply_reminder":{"unit":"fortnights","amount":1}}"#, ["no_reply_reminder.unit"]),
        (#"{"no_reply_reminder":{"unit":"working_days","amount":0}}"#, ["no_reply_reminder.amount"]),
        (#"{"no_reply_withdraw":{"unit":"working_days"}}"#, ["no_reply_withdraw.amount"]),
        (#"{"no_reply_withdraw":3}"#, ["no_reply_withdraw"]),
        (
            #"{"no_reply_reminder":{"unit":"working_days","amount":5},"no_reply_withdraw":{"unit":"working_days","amount":5}}"#,
            ["no_reply_withdraw"]
        ),
        (
            #"{"no_reply_reminder":{"unit":"same_day","amount":1,"x":"\u0007"}}"#,
            ["no_reply_reminder.x", "no_reply_reminder.amount"]
        ),
    ])
    func badReplyLimitsAreRefusedNamingTheFieldAndChangeNothing(body: String, fields: [String]) throws {
        let service = try TestService()
        let before = try service.request("GET", "/v1/settings", key: service.adminKey).text
        let response = try service.request("PATCH", "/v1/settings", key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(Set(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == Set(fields))
        #expect(try service.request("GET", "/v1/settings", key: service.adminKey).text == before)
    }

    @Test(arguments: [
        (
            #"{"policies":[{"name":"a","targets":{},"department_targets":{"nowhere":{"unit":"working_days","amount":2}}}]}"#,
            ["policies[0].department_targets.nowhere"]
        ),
        (
            #"{"policies":[{"name":"a","targets":{},"department_targets":{"Bad Key'; DROP TABLE x;--":{"unit":"working_days","amount":2}}}]}"#,
            ["policies[0].department_targets.Bad Key'; DROP TABLE x;--"]
        ),
        (
            #"{"policies":[{"name":"a","targets":{},"department_targets":{"quality":null,"billing":{"unit":"working_days","amount":366}}}]}"#,
            ["policies[0].department_targets.quality", "policies[0].department_targets.billing.amount"]
        ),
        (#"{"policies":[{"name":"a","targets":{},"department_targets":[1]}]}"#, ["policies[0].department_targets"]),
    ])
    func badDepartmentTargetsAreRefusedNamingTheFieldAndChangeNothing(body: String, fields: [String]) throws {
        let service = try TestService()
        let response = try service.request("PUT", "/v1/sla-policies", key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(Set(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == Set(fields))
        #expect(try service.request("GET", "/v1/sla-policies", key: service.adminKey).header("ETag") == "\"0\"")
    }

    @Test func departmentTargetsAreShownAsTheyWereSet() throws {
        let service = try TestService()
        try put("/v1/sla-policies", Self.departmentPolicies, on: service)
        let read = try service.request("GET", "/v1/sla-policies", key: try service.key(.agent)).json()
        #expect(
            read["policies"]?[0]?["department_targets"]
                == .object([
                    ("logistics", .object([("unit", .string("calendar_hours")), ("amount", .int(20))])),
                    ("quality", .object([("unit", .string("calendar_hours")), ("amount", .int(10))])),
                ]))
        #expect(read["to_redate"]?.int == 0)
    }

    @Test func theOverdueAndAtRiskListsReadTheirIndexes() throws {
        let service = try TestService()
        let now = service.clock.now
        for (filter, index) in [
            ({ (f: inout ComplaintFilter) in f.overdue = true }, "complaints_sla_breach"),
            ({ (f: inout ComplaintFilter) in f.atRisk = true }, "complaints_sla_at_risk"),
        ] {
            var selection = ComplaintFilter()
            filter(&selection)
            let query = ComplaintQuery(filter: selection, cursor: nil, now: now)
            let plan = try service.database.read { connection in
                try connection.query("EXPLAIN QUERY PLAN " + query.sql, arguments: query.arguments)
                    .map { try $0.get(3) as String }
            }
            #expect(plan.contains { $0.contains("USING INDEX \(index)") }, "\(plan)")
        }
        // Intake keys see their complaints as the customer does: no time-limit filters.
        let intake = try service.key(.intake)
        #expect(try service.request("GET", "/v1/complaints?at_risk=true", key: intake).status == 403)
        #expect(try service.request("GET", "/v1/complaints?at_risk=maybe", key: service.adminKey).status == 400)
    }

    @Test func theListsAgreeWithEachComplaintsStanding() throws {
        let service = try TestService()
        var ids: [Int64] = []
        for index in 0..<6 { ids.append(try service.register(json: complaintJSON(subjectRef: "S-\(index)"))) }
        try service.take(toInvestigating + [contactStep], on: ids[1])
        try service.take([("await-customer", Self.ask)], on: ids[2])
        try service.take([("withdraw", #"{"reason":"Sorted."}"#)], on: ids[3])
        for hours in [10.0, 10, 5, 100, 60] {
            service.clock.advance(hours: hours)
            if hours == 5 { try service.take([contactStep], on: ids[4]) }
            for (query, state) in [("overdue=true", "breached"), ("at_risk=true", "at_risk")] {
                let expected = try ids.filter { try service.complaint($0)["sla"]?["state"]?.string == state }
                #expect(try listed(query, in: service).sorted() == expected, "\(query) after \(hours) h")
            }
            // The summary's overdue count is the same rule.
            let summary = try service.request("GET", "/v1/stats/summary", key: service.adminKey).json()
            #expect(summary["overdue"]?.int == Int64(try listed("overdue=true", in: service).count), "after \(hours) h")
        }
    }

    @Test func aPolicyChangeReDatesOpenComplaintsInBatchesResumingAfterARestart() throws {
        let service = try TestService()
        var ids: [Int64] = []
        for index in 0..<5 { ids.append(try service.register(json: complaintJSON(subjectRef: "R-\(index)"))) }
        try service.take([contactStep], on: ids[0])
        try service.take([("withdraw", #"{"reason":"Sorted."}"#)], on: ids[4])
        let before = try ids.map { try service.complaint($0) }
        service.clock.advance(hours: 1)
        try put(
            "/v1/sla-policies",
            #"{"policies":[{"name":"faster","targets":{"first_contact":{"unit":"calendar_hours","amount":4},"resolution":{"unit":"calendar_days","amount":2}}}]}"#,
            on: service)
        let toRedate = {
            try service.request("GET", "/v1/sla-policies", key: service.adminKey).json()["to_redate"]?.int
        }
        #expect(try toRedate() == 4)
        // Intake goes on meanwhile, already under the new policies.
        let later = try service.register(json: complaintJSON(subjectRef: "R-9"))
        #expect(try service.complaint(later)["sla"]?["policy"]?.string == "faster")

        #expect(try SLARedating.step(service.backend, batch: 2) == 2)
        #expect(try toRedate() == 2)
        #expect(try service.complaint(ids[1])["sla"]?["policy"]?.string == "faster")
        #expect(try service.complaint(ids[2])["sla"]?["policy"]?.string == "default-normal")
        // A restart resumes where it stopped.
        let restarted = Backend(
            database: service.database,
            runtime: Runtime(log: Log(level: .warn), metrics: Metrics(), clock: service.clock.clock))
        #expect(try SLARedating.step(restarted, batch: 2) == 2)
        #expect(try SLARedating.step(restarted, batch: 2) == 0)
        #expect(try SLARedating.step(restarted, batch: 2) == nil)
        #expect(try toRedate() == 0)

        let after = try ids.map { try service.complaint($0) }
        for index in 0..<4 {
            #expect(after[index]["sla"]?["policy"]?.string == "faster")
            #expect(after[index]["resolution_due_at"]?.string == "2026-11-25T00:00:00Z")
            // No one changed the complaint: no new version, and nothing in its timeline.
            #expect(after[index]["version"] == before[index]["version"])
            #expect(after[index]["updated_at"] == before[index]["updated_at"])
        }
        // A clock already met keeps the due date it was met against.
        #expect(after[0]["first_response_due_at"] == before[0]["first_response_due_at"])
        #expect(after[0]["sla"]?["clocks"]?["first_contact"]?["policy"]?.string == "default-normal")
        #expect(after[1]["first_response_due_at"]?.string == "2026-11-22T09:40:17Z")
        // An ended complaint stays as it was.
        #expect(after[4]["resolution_due_at"] == before[4]["resolution_due_at"])
        #expect(after[4]["sla"]?["policy"]?.string == "default-normal")
        // The sweep looks at the re-dated ones again: their first contact is at risk 3.2 hours in.
        service.clock.advance(hours: 3)
        #expect(try SLASweep.run(service.backend) == 3)
    }

    @Test func replacingACalendarReDatesTheComplaintsCountedInIt() throws {
        let service = try TestService()
        try put(
            "/v1/calendars/office", #"{"zone":"UTC","hours":{"monday":["09:00-17:00"],"tuesday":["09:00-17:00"]}}"#,
            on: service, status: 201)
        #expect(try SLARedating.step(service.backend) == nil)
        try put(
            "/v1/sla-policies",
            #"{"policies":[{"name":"office","calendar":"office","targets":{"resolution":{"unit":"working_days","amount":1}}}]}"#,
            on: service)
        let id = try service.register()
        #expect(try SLARedating.step(service.backend) == 0)
        #expect(try service.complaint(id)["resolution_due_at"]?.string == "2026-11-23T17:00:00Z")
        try put(
            "/v1/calendars/office", #"{"zone":"UTC","hours":{"monday":["09:00-12:00"],"tuesday":["09:00-17:00"]}}"#,
            on: service)
        #expect(try service.request("GET", "/v1/sla-policies", key: service.adminKey).json()["to_redate"]?.int == 1)
        #expect(try SLARedating.step(service.backend) == 1)
        #expect(try service.complaint(id)["resolution_due_at"]?.string == "2026-11-23T12:00:00Z")
    }

    @Test func theBackgroundThreadReDatesOnItsOwn() throws {
        let service = try TestService()
        let id = try service.register()
        let redating = SLARedating(backend: service.backend, batch: 1, every: .milliseconds(5))
        defer { redating.stop() }
        try put(
            "/v1/sla-policies",
            #"{"policies":[{"name":"faster","targets":{"resolution":{"unit":"calendar_days","amount":2}}}]}"#,
            on: service)
        service.runtime.requestRedating()
        let deadline = Date().addingTimeInterval(10)
        while try service.complaint(id)["sla"]?["policy"]?.string != "faster", Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(try service.complaint(id)["sla"]?["policy"]?.string == "faster")
    }
}
