import Foundation
import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// Calendars and time-limit policies set by an administrator over HTTP, and the due dates and
/// reasons they give complaints. The test clock starts on Sunday 2026-11-22 at 05:40:17 UTC
/// (13:40 in Shanghai).
@Suite struct TimeLimitPolicyTests {
    /// Mon–Fri 09:00–18:00 in Shanghai, Monday 23 November a holiday, Saturday 28 November worked.
    static let calendar = """
        {"zone":"Asia/Shanghai","hours":{"monday":["09:00-18:00"],"tuesday":["09:00-18:00"],\
        "wednesday":["09:00-18:00"],"thursday":["09:00-18:00"],"friday":["09:00-18:00"]},\
        "holidays":["2026-11-23"],"extra_working_days":[{"date":"2026-11-28"}]}
        """

    /// A service with the `cn-workdays` calendar above and `policies` (a `PUT /v1/sla-policies` body).
    static func service(with policies: String) throws -> TestService {
        let service = try TestService()
        try #require(
            try service.request("PUT", "/v1/calendars/cn-workdays", key: service.adminKey, json: calendar).status
                == 201)
        try #require(
            try service.request("PUT", "/v1/sla-policies", key: service.adminKey, json: policies).status == 200)
        return service
    }

    /// Overseas customers: contact within 1 working day, report within 3, resolve within 18 days.
    static let policies = """
        {"policies":[{"name":"overseas","match":{"region":["overseas"]},"calendar":"cn-workdays",\
        "targets":{"first_contact":{"unit":"working_days","amount":1},\
        "investigation_report":{"unit":"working_days","amount":3},\
        "resolution":{"unit":"calendar_days","amount":18}}}]}
        """

    private func configured() throws -> TestService {
        let service = try TestService()
        #expect(
            try service.request("PUT", "/v1/calendars/cn-workdays", key: service.adminKey, json: Self.calendar).status
                == 201)
        #expect(
            try service.request("PUT", "/v1/sla-policies", key: service.adminKey, json: Self.policies).status == 200)
        return service
    }

    @Test func aCalendarIsStoredVersionedAndListedAfterTheBuiltInOne() throws {
        let service = try TestService()
        let created = try service.request(
            "PUT", "/v1/calendars/cn-workdays", key: service.adminKey, json: Self.calendar)
        #expect(created.status == 201)
        #expect(created.header("ETag") == "\"1\"")
        #expect(created.header("Location") == "/v1/calendars/cn-workdays")
        let body = try created.json()
        #expect(body["hours"]?["monday"] == .array([.string("09:00-18:00")]))
        #expect(body["hours"]?["sunday"] == .array([]))
        #expect(body["extra_working_days"]?[0]?["spans"] == .null)

        let stale = try service.request(
            "PUT", "/v1/calendars/cn-workdays", key: service.adminKey, json: Self.calendar,
            headers: [("If-Match", "\"7\"")])
        #expect(stale.status == 412)
        let replaced = try service.request(
            "PUT", "/v1/calendars/cn-workdays", key: service.adminKey, json: Self.calendar,
            headers: [("If-Match", "\"1\"")])
        #expect(replaced.status == 200)
        #expect(replaced.header("ETag") == "\"2\"")

        let agent = try service.key(.agent)
        let list = try service.request("GET", "/v1/calendars", key: agent).json()
        #expect(list["data"]?.array?.map { $0["key"]?.string } == ["24x7", "cn-workdays"])
        #expect(list["data"]?[0]?["zone"]?.string == "UTC")
        #expect(try service.request("GET", "/v1/calendars/cn-workdays", key: agent).json()["version"]?.int == 2)
        #expect(try service.request("GET", "/v1/calendars/missing", key: agent).status == 404)
        #expect(
            try service.request("PUT", "/v1/calendars/24x7", key: service.adminKey, json: Self.calendar).status == 409)
    }

    @Test func onlyStaffReadAndOnlyAdministratorsWrite() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let supervisor = try service.key(.supervisor)
        for path in ["/v1/calendars", "/v1/calendars/24x7", "/v1/sla-policies"] {
            #expect(try service.request("GET", path, key: intake).status == 403)
            #expect(try service.request("GET", path).status == 401)
            #expect(try service.request("GET", path, key: supervisor).status == 200)
        }
        #expect(try service.request("PUT", "/v1/calendars/x", key: supervisor, json: Self.calendar).status == 403)
        #expect(try service.request("PUT", "/v1/sla-policies", key: supervisor, json: Self.policies).status == 403)
    }

    @Test(arguments: [
        (#"{"zone":"Mars/Olympus","hours":{"monday":["09:00-18:00"]}}"#, ["zone"]),
        (#"{"zone":"UTC","hours":{"monday":["09:00-12:00","11:00-13:00"]}}"#, ["hours.monday[1]"]),
        (#"{"zone":"UTC","hours":{"monday":["18:00-09:00"]}}"#, ["hours.monday[0].end"]),
        (#"{"zone":"UTC","hours":{}}"#, ["hours"]),
        (#"{"zone":"UTC","hours":{"monday":["09:00-18:00"]},"holidays":["2026-10-01","2026-10-01"]}"#, ["holidays[1]"]),
        (#"{"zone":"UTC","hours":{"monday":["09:00-18:00"]},"holidays":["2026-02-30"]}"#, ["holidays[0]"]),
        (#"{"zone":"UTC","hours":{"monday":["9-18"]},"holidays":["1 Oct"]}"#, ["hours.monday[0]", "holidays[0]"]),
        (#"{"zone":"UTC","hours":{"funday":["09:00-18:00"]},"colour":"red"}"#, ["colour", "hours.funday"]),
        (#"{"zone":"UTC\u0007","hours":{"monday":"09:00-18:00"}}"#, ["zone", "hours.monday"]),
        (#"{"zone":7,"hours":[],"extra_working_days":[3]}"#, ["zone", "hours", "extra_working_days[0]"]),
    ])
    func aBadCalendarIsRefusedNamingEachFieldAndChangesNothing(body: String, fields: [String]) throws {
        let service = try TestService()
        let response = try service.request("PUT", "/v1/calendars/bad", key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(Set(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == Set(fields))
        #expect(try service.request("GET", "/v1/calendars/bad", key: service.adminKey).status == 404)
    }

    @Test func theDefaultsReproduceTodaysLimitsAndSayWhy() throws {
        let service = try TestService()
        let policies = try service.request("GET", "/v1/sla-policies", key: service.adminKey)
        #expect(policies.header("ETag") == "\"0\"")
        let body = try policies.json()
        #expect(body["policies"] == .array([]))
        #expect(
            body["defaults"]?.array?.map { $0["name"]?.string } == [
                "default-critical", "default-high", "default-normal",
            ])
        #expect(
            body["defaults"]?[2]?["targets"]?["resolution"]
                == .object([("unit", .string("calendar_hours")), ("amount", .int(168))]))

        let complaint = try service.complaint(try service.register())
        #expect(complaint["first_response_due_at"]?.string == "2026-11-23T05:40:17Z")
        #expect(complaint["resolution_due_at"]?.string == "2026-11-29T05:40:17Z")
        let sla = try #require(complaint["sla"])
        #expect(sla["policy"]?.string == "default-normal")
        #expect(sla["clocks"]?["first_contact"]?["due_at"]?.string == "2026-11-23T05:40:17Z")
        #expect(
            sla["clocks"]?["first_contact"]?["target"]
                == .object([("unit", .string("calendar_hours")), ("amount", .int(24))]))
        #expect(sla["clocks"]?["first_contact"]?["calendar"]?.string == "24x7")
        #expect(sla["clocks"]?["first_contact"]?["paused_for"]?.int == 0)
        #expect(sla["clocks"]?["investigation_report"] == .null)
        #expect(sla["clocks"]?["follow_up"] == .null)
    }

    @Test func theFirstMatchingPolicySetsEachDueDateInItsCalendar() throws {
        let service = try configured()
        let overseas = try service.register(json: complaintJSON(extra: #","region":"overseas""#))
        let complaint = try service.complaint(overseas)
        #expect(complaint["region"]?.string == "overseas")
        let sla = try #require(complaint["sla"])
        #expect(sla["policy"]?.string == "overseas")
        // Received on Sunday; Monday is a holiday, so one working day ends at Tuesday's close in Shanghai.
        #expect(complaint["first_response_due_at"]?.string == "2026-11-24T10:00:00Z")
        #expect(sla["clocks"]?["first_contact"]?["calendar"]?.string == "cn-workdays")
        // Three working days: Tuesday, Wednesday, Thursday.
        #expect(sla["clocks"]?["investigation_report"]?["due_at"]?.string == "2026-11-26T10:00:00Z")
        // Eighteen days after 22 November end at midnight of 10 December in Shanghai.
        #expect(complaint["resolution_due_at"]?.string == "2026-12-10T16:00:00Z")
        #expect(
            sla["clocks"]?["resolution"]?["target"]
                == .object([("unit", .string("calendar_days")), ("amount", .int(18))]))

        // A domestic complaint falls through to today's limits.
        let domestic = try service.complaint(
            try service.register(json: complaintJSON(subjectRef: "WM-300", extra: #","region":"domestic""#)))
        #expect(domestic["sla"]?["policy"]?.string == "default-normal")
        #expect(domestic["resolution_due_at"]?.string == "2026-11-29T05:40:17Z")

        // The follow-up, which the overseas policy leaves out, comes from the default that matches.
        try service.take(
            [
                ("assess", #"{"valid":true}"#), ("assign", #"{"department":"quality","assignee":"李娜"}"#),
                ("investigate", #"{"findings":"Seal worn"}"#),
                ("propose", #"{"remedies":["apology"],"description":"Sorry","root_cause":"Wear"}"#),
                ("resolve", #"{"note":"Replaced the seal","notified_via":"phone"}"#),
            ], on: overseas)
        let resolved = try service.complaint(overseas)
        #expect(resolved["sla"]?["clocks"]?["follow_up"]?["policy"]?.string == "default-normal")
        #expect(resolved["follow_up_due_at"]?.string == resolved["sla"]?["clocks"]?["follow_up"]?["due_at"]?.string)
    }

    @Test func escalationAndAPatchedRegionUseThePoliciesInForce() throws {
        let service = try configured()
        let id = try service.register()
        #expect(try service.complaint(id)["sla"]?["policy"]?.string == "default-normal")
        let patched = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey, json: #"{"region":"overseas"}"#)
        #expect(patched.status == 200)
        #expect(try patched.json()["region"]?.string == "overseas")
        // The due dates are set again where they always were: here, by an escalation.
        let escalated = try service.act("escalate", on: id, key: service.adminKey, json: #"{"reason":"Abroad"}"#).json()
        #expect(escalated["sla"]?["policy"]?.string == "overseas")
        #expect(escalated["resolution_due_at"]?.string == "2026-12-10T16:00:00Z")
        #expect(
            try service.request(
                "PATCH", "/v1/complaints/\(id)", key: service.adminKey,
                json: #"{"region":""}"#
            ).status == 422)
    }

    @Test(arguments: [
        (
            #"{"policies":[{"name":"a","match":{"category":["nope"],"department":["nowhere"]},"targets":{"resolution":{"unit":"calendar_days","amount":3}}}]}"#,
            ["policies[0].match.category[0]", "policies[0].match.department[0]"]
        ),
        (
            #"{"policies":[{"name":"a","calendar":"missing","targets":{"resolution":{"unit":"working_days","amount":0}}}]}"#,
            ["policies[0].targets.resolution.amount"]
        ),
        (
            #"{"policies":[{"name":"a","calendar":"missing","targets":{"resolution":{"unit":"calendar_days","amount":2}}}]}"#,
            ["policies[0].calendar"]
        ),
        (
            #"{"policies":[{"name":"a","targets":{"resolution":{"unit":"calendar_hours","amount":9000}}}]}"#,
            ["policies[0].targets.resolution.amount"]
        ),
        (
            #"{"policies":[{"name":"a","targets":{"resolution":{"unit":"fortnights","amount":1}}}]}"#,
            ["policies[0].targets.resolution.unit"]
        ),
        (
            #"{"policies":[{"name":"a","targets":{}},{"name":"a","targets":{"follow_up":{"unit":"same_day"}}}]}"#,
            ["policies[0].targets", "policies[1].name"]
        ),
        (
            #"{"policies":[{"name":"default-high","match":{"priority":["urgent"]},"targets":{"follow_up":{"unit":"same_day"}}}]}"#,
            ["policies[0].match.priority[0]"]
        ),
        (
            #"{"policies":[{"name":"a\u0000","extra":1,"targets":{"follow_up":{"unit":"same_day","amount":"1"}}}]}"#,
            ["policies[0].extra", "policies[0].name", "policies[0].targets.follow_up.amount"]
        ),
        (#"{"policies":{"name":"a"}}"#, ["policies"]),
        (#"{}"#, ["policies"]),
    ])
    func badPoliciesAreRefusedNamingEachFieldAndChangeNothing(body: String, fields: [String]) throws {
        let service = try TestService()
        let response = try service.request("PUT", "/v1/sla-policies", key: service.adminKey, json: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(Set(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == Set(fields))
        #expect(try service.request("GET", "/v1/sla-policies", key: service.adminKey).header("ETag") == "\"0\"")
    }

    @Test func policiesAreReplacedOnlyAtTheVersionIfMatchNames() throws {
        let service = try configured()
        let stale = try service.request(
            "PUT", "/v1/sla-policies", key: service.adminKey, json: #"{"policies":[]}"#,
            headers: [("If-Match", "\"0\"")])
        #expect(stale.status == 412)
        #expect(stale.header("ETag") == "\"1\"")
        let cleared = try service.request(
            "PUT", "/v1/sla-policies", key: service.adminKey, json: #"{"policies":[]}"#,
            headers: [("If-Match", "\"1\"")])
        #expect(cleared.status == 200)
        #expect(cleared.header("ETag") == "\"2\"")
        let complaint = try service.complaint(
            try service.register(json: complaintJSON(extra: #","region":"overseas""#)))
        #expect(complaint["sla"]?["policy"]?.string == "default-normal")
    }

    /// The README's example calendar, as written there.
    static let chinaWorkdays = """
        {"zone":"Asia/Shanghai","hours":{"monday":["09:00-18:00"],"tuesday":["09:00-18:00"],"wednesday":["09:00-18:00"],
        "thursday":["09:00-18:00"],"friday":["09:00-18:00"]},
        "holidays":["2026-01-01","2026-01-02","2026-01-03","2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19",
        "2026-02-20","2026-02-21","2026-02-22","2026-02-23","2026-04-04","2026-04-05","2026-04-06","2026-05-01","2026-05-02",
        "2026-05-03","2026-05-04","2026-05-05","2026-06-19","2026-06-20","2026-06-21","2026-09-25","2026-09-26","2026-09-27",
        "2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],
        "extra_working_days":[{"date":"2026-01-04"},{"date":"2026-02-14"},{"date":"2026-02-28"},{"date":"2026-05-09"},
        {"date":"2026-09-20"},{"date":"2026-10-10"}]}
        """

    @Test func theReadmeCalendarCountsAcrossTheNationalDayHolidayAndItsMakeUpDay() throws {
        let service = try TestService()
        #expect(
            try service.request("PUT", "/v1/calendars/cn-workdays", key: service.adminKey, json: Self.chinaWorkdays)
                .status == 201)
        #expect(
            try service.request(
                "PUT", "/v1/sla-policies", key: service.adminKey,
                json: """
                    {"policies":[{"name":"domestic","calendar":"cn-workdays",\
                    "targets":{"first_contact":{"unit":"working_days","amount":1},"investigation_report":{"unit":"working_days","amount":3}}}]}
                    """
            ).status == 200)
        // A letter received on Wednesday 30 September at 10:00 in Shanghai, registered later.
        let complaint = try service.complaint(
            try service.register(
                json: complaintJSON(extra: #","received_at":"2026-09-30T02:00:00Z""#)))
        // 1 to 7 October are holidays: one working day ends at Thursday 8 October's close.
        #expect(complaint["first_response_due_at"]?.string == "2026-10-08T10:00:00Z")
        // The third is Saturday 10 October, a make-up working day.
        #expect(complaint["sla"]?["clocks"]?["investigation_report"]?["due_at"]?.string == "2026-10-10T10:00:00Z")
        // The resolution clock falls through to today's limit: 168 hours.
        #expect(complaint["resolution_due_at"]?.string == "2026-10-07T02:00:00Z")
    }

    @Test func anOversizeListIsRefused() throws {
        let service = try TestService()
        let one = #"{"name":"p%d","targets":{"follow_up":{"unit":"same_day"}}}"#
        let many = (0...SLAPolicyList.maxPolicies).map { one.replacingOccurrences(of: "%d", with: String($0)) }
        let response = try service.request(
            "PUT", "/v1/sla-policies", key: service.adminKey,
            json: #"{"policies":[\#(many.joined(separator: ","))]}"#)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == "policies")
        let values = (0...PolicyJSON.maxValuesPerCriterion).map { "\"r\($0)\"" }.joined(separator: ",")
        let wide = try service.request(
            "PUT", "/v1/sla-policies", key: service.adminKey,
            json: """
                {"policies":[{"name":"w","match":{"region":[\(values)]},"targets":{"follow_up":{"unit":"same_day"}}}]}
                """)
        #expect(wide.status == 422)
        #expect(try wide.json()["errors"]?[0]?["field"]?.string == "policies[0].match.region")
        let dates = (0...WorkingCalendar.Definition.maxDates).map {
            CalendarJSON.write(CivilDate(daysSinceEpoch: 20_000 + $0))
        }
        let calendar = try service.request(
            "PUT", "/v1/calendars/long", key: service.adminKey,
            json: """
                {"zone":"UTC","hours":{"monday":["09:00-17:00"]},"holidays":[\(dates.map { "\"\($0)\"" }.joined(separator: ","))]}
                """)
        #expect(calendar.status == 422)
        #expect(try calendar.json()["errors"]?[0]?["field"]?.string == "holidays")
        let huge = try service.request(
            "PUT", "/v1/calendars/huge", key: service.adminKey,
            json: #"{"zone":"UTC","hours":{"monday":["09:00-17:00"]},"holidays":[""#
                + String(repeating: "x", count: 1_100_000) + #""]}"#)
        #expect(huge.status == 413)
    }

    @Test func theListShowsEachComplaintsReasonsToo() throws {
        let service = try configured()
        _ = try service.register(json: complaintJSON(extra: #","region":"overseas""#))
        let page = try service.request("GET", "/v1/complaints", key: service.adminKey).json()
        #expect(page["data"]?[0]?["region"]?.string == "overseas")
        #expect(page["data"]?[0]?["sla"]?["policy"]?.string == "overseas")
        #expect(page["data"]?[0]?["sla"]?["clocks"]?["resolution"]?["calendar"]?.string == "cn-workdays")
    }
}
