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
