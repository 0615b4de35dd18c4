import Foundation
import Testing
import JSON
import RedressDomain
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

    /// The due-date columns, and the SLA standing the API derives from them.
    static let dueColumns = [
        "first_response_due_at", "resolution_due_at", "follow_up_due_at", "closed_at", "resolved_at",
        "first_responded_at",
    ]

    @Test func aDatabaseAtSchema13WithComplaintsInEveryStatusKeepsEveryDueDateUpToTheCurrentSchema() throws {
        let service = try TestService()
        let supervisor = try service.key(.supervisor)
        var ids: [Int64] = []
        // One complaint per status, each registered an hour after the one before, and some escalated.
        for (index, status) in Status.allCases.enumerated() {
            let id = try service.register(json: complaintJSON(subjectRef: "M-\(index)"))
            for (action, key, body) in TrackingViewTests.steps(
                to: status, agent: service.adminKey, supervisor: supervisor)
            {
                service.clock.advance(hours: 1)
                let response = try service.act(action, on: id, key: key, json: body)
                try #require(response.status == 200, "\(status) \(action): \(response.text)")
            }
            if index.isMultiple(of: 3), status.isOpen {
                try service.take([("escalate", #"{"reason":"Called twice."}"#)], on: id)
            }
            ids.append(id)
        }
        // A complaint reopened and resolved again before the upgrade, and one overdue.
        let reopened = try service.register(json: complaintJSON(subjectRef: "M-R"))
        for (action, key, body) in TrackingViewTests.steps(to: .closed, agent: service.adminKey, supervisor: supervisor)
            + [("reopen", supervisor, #"{"reason":"Back again."}"#)]
        {
            try #require(try service.act(action, on: reopened, key: key, json: body).status == 200)
        }
        ids.append(reopened)
        service.clock.advance(hours: 400)
        ids.append(try service.register(json: complaintJSON(subjectRef: "M-L")))
        service.clock.advance(hours: 30)

        // The due dates as stored, and the standing each complaint's clocks give at the same moment.
        let now = service.clock.now
        func snapshot(_ database: Database) throws -> [[String]] {
            try database.read { connection in
                try connection.query(
                    "SELECT id, \(Self.dueColumns.joined(separator: ", ")) FROM complaints ORDER BY id"
                ).map { row in
                    try (0...Self.dueColumns.count).map { index in
                        (try row.get(index) as Int64?).map(String.init) ?? "-"
                    }
                }
            }
        }
        func standings(_ database: Database) throws -> [SLA] {
            try ids.map { id in
                let complaint = try #require(try database.read { try $0.complaint(id: id) })
                return SLA.evaluate(complaint, atRiskRatio: 0.8, now: now)
            }
        }
        let before = try snapshot(service.database)
        let standingsBefore = try standings(service.database)
        #expect(before.count == Status.allCases.count + 2)
        #expect(standingsBefore.contains { $0.state == .breached } && standingsBefore.contains { $0.state == .onTrack })

        // Back to schema 13, as written before time-limit policies; opening it again upgrades it
        // through every migration since.
        let path = service.directory.appendingPathComponent("redress.sqlite").path
        try service.database.write { connection in
            try connection.execute(SchemaRewind.script(from: Schema.migrations.count, to: 13))
        }
        let columns = try service.database.read { connection in
            try connection.query("SELECT name FROM pragma_table_info('complaints')").map { try $0.get(0) as String }
        }
        #expect(!columns.contains("resolution_policy") && !columns.contains("reopened_at"))
        let upgraded = try Database(configuration: DatabaseConfiguration(path: path))
        defer { upgraded.close() }
        let version = try upgraded.read { try $0.first("PRAGMA user_version").map { try $0.get(0) as Int64 } }
        #expect(version == Int64(Schema.migrations.count))

        #expect(try snapshot(upgraded) == before)
        #expect(try standings(upgraded) == standingsBefore)
        // Every complaint is explained by the defaults it was set by, in the 24×7 calendar.
        for id in ids {
            let complaint = try #require(try upgraded.read { try $0.complaint(id: id) })
            #expect(complaint.timeLimits.policy == "default-\(complaint.priority.rawValue)", "\(id)")
            #expect(complaint.timeLimits.clocks[.resolution]?.calendar == "24x7")
            #expect(complaint.timeLimits.clocks[.firstContact]?.policy == complaint.timeLimits.policy)
        }
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
