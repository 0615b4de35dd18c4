import Foundation
import Testing
import JSON
import RedressStore
import TestClient
@testable import RedressAPI

/// Upgrading a database whose complaints were registered before time-limit policies (schema
/// version 10) keeps every due date, and gives each the reason it was set by.
@Suite struct TimeLimitMigrationTests {
    /// The columns the upgrade adds.
    static let added = SchemaRewind.timeLimitColumns

    @Test func theUpgradeKeepsEveryDueDateAndExplainsIt() throws {
        let service = try TestService()
        let plain = try service.register()
        let escalated = try service.register(json: complaintJSON(subjectRef: "X-1"))
        #expect(
            try service.act("escalate", on: escalated, key: service.adminKey, json: #"{"reason":"Loud"}"#).status == 200
        )
        // Limits changed after the first two were registered: their due dates keep the old ones.
        #expect(
            try service.request(
                "PATCH", "/v1/settings", key: service.adminKey,
                json: #"{"sla":{"normal":{"first_response_hours":1.5}},"follow_up_hours":30}"#
            ).status == 200)
        let resolved = try service.register(json: complaintJSON(subjectRef: "X-2"))
        try service.take(
            [
                ("assess", #"{"valid":true}"#), ("assign", #"{"department":"quality","assignee":"李娜"}"#),
                ("investigate", "{}"),
                ("propose", #"{"remedies":["apology"],"description":"Sorry","root_cause":"Wear"}"#),
                ("resolve", #"{"note":"Done","notified_via":"phone"}"#),
            ], on: resolved)
        let ids = [plain, escalated, resolved]
        let dueFields = ["first_response_due_at", "resolution_due_at", "follow_up_due_at"]
        let before = try ids.map { id in try dueFields.map { try service.complaint(id)[$0] } }

        // Back to the version before, as a database written before this upgrade is, then upgraded.
        let upgrade = try #require(Schema.migrations.first { $0.version == 14 })
        try service.database.write { connection in
            for column in Self.added { try connection.execute("ALTER TABLE complaints DROP COLUMN \(column)") }
            try upgrade.apply(connection)
        }

        let after = try ids.map { id in try dueFields.map { try service.complaint(id)[$0] } }
        #expect(after == before)
        let hours = { (value: Int64) in
            JSONValue.object([("unit", .string("calendar_hours")), ("amount", .int(value))])
        }
        let first = try service.complaint(plain)["sla"]
        #expect(first?["policy"]?.string == "default-normal")
        #expect(first?["clocks"]?["first_contact"]?["target"] == hours(24))
        #expect(first?["clocks"]?["resolution"]?["target"] == hours(168))
        #expect(first?["clocks"]?["resolution"]?["calendar"]?.string == "24x7")
        #expect(first?["clocks"]?["follow_up"] == .null)
        let second = try service.complaint(escalated)["sla"]
        #expect(second?["policy"]?.string == "default-high")
        #expect(second?["clocks"]?["first_contact"]?["target"] == hours(8))
        let third = try service.complaint(resolved)["sla"]
        #expect(
            third?["clocks"]?["first_contact"]?["target"]
                == .object([("unit", .string("calendar_hours")), ("amount", .double(1.5))]))
        #expect(third?["clocks"]?["follow_up"]?["target"] == hours(30))
        #expect(third?["clocks"]?["follow_up"]?["policy"]?.string == "default-normal")
    }
}

/// Upgrading a database from before the department clock and the kept at-risk moments (schema
/// version 15) keeps every due date and gives each clock the at-risk moment it was warned at, and
/// each complaint the moments the `overdue` and `at_risk` lists read, as new writes set them.
@Suite struct DepartmentClockMigrationTests {
    private static let moments = """
        SELECT first_response_due_at, resolution_due_at, follow_up_due_at, investigation_report_due_at,
               first_contact_at_risk_at, resolution_at_risk_at, follow_up_at_risk_at, sla_breach_at, sla_at_risk_at
        FROM complaints ORDER BY id
        """

    @Test func theUpgradeKeepsEveryDueDateAndSetsTheMomentsNewWritesWould() throws {
        let service = try TestService()
        #expect(
            try service.request(
                "PATCH", "/v1/settings", key: service.adminKey, json: #"{"at_risk_ratio":0.7}"#,
                headers: [("Content-Type", "application/merge-patch+json")]
            ).status == 200)
        let ask = #"{"question":"Which model?","channel":"phone"}"#
        var ids: [Int64] = []
        for index in 0..<7 { ids.append(try service.register(json: complaintJSON(subjectRef: "M-\(index)"))) }
        try service.take([("await-customer", ask)], on: ids[1])
        try service.take(
            toInvestigating + [
                ("propose", proposalJSON(#""apology""#)), ("resolve", #"{"note":"Done","notified_via":"phone"}"#),
            ], on: ids[2])
        try service.take([("assess", #"{"valid":false,"note":"Not ours."}"#)], on: ids[3])
        service.clock.advance(hours: 30)
        try service.take([contactStep], on: ids[4])
        try service.take([("withdraw", #"{"reason":"Sorted."}"#)], on: ids[5])
        try service.take([("follow-up", #"{"method":"phone","satisfied":true,"score":5}"#)], on: ids[2])
        let read = { () throws -> [[Int64?]] in
            try service.database.read { connection in
                try connection.query(Self.moments).map { row in try (0..<9).map { try row.get($0) as Int64? } }
            }
        }
        let before = try read()
        #expect(before.contains { $0[7] != nil } && before.contains { $0[8] != nil })

        try service.database.write { connection in
            try connection.execute(SchemaRewind.script(from: Schema.migrations.count, to: 15))
        }
        let upgraded = try Database(
            configuration: DatabaseConfiguration(path: service.directory.appendingPathComponent("redress.sqlite").path))
        upgraded.close()
        #expect(try read() == before)
        let alerts = try service.database.read { try $0.first("SELECT count(*) FROM sla_alerts")?.get(0) as Int64? }
        #expect(alerts == 0)
    }
}
