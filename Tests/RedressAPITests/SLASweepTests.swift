import Foundation
import Testing
import JSON
import RedressDomain
import RedressStore
import TestClient
@testable import RedressAPI

@Suite struct SLASweepTests {
    @Test func theSweepWarnsOnceWhenALimitIsAtRiskAndOnceWhenItIsBreached() throws {
        let service = try TestService()
        let late = try service.register()
        let withdrawn = try service.register()
        try service.take([("withdraw", #"{"reason":"Sorted out by phone."}"#)], on: withdrawn)
        #expect(try SLASweep.run(service.backend) == 0)

        service.clock.advance(hours: 20)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try SLASweep.run(service.backend) == 0)
        let onTrack = try service.register(json: Self.another)
        let warning = try #require(service.timeline(late).last)
        #expect(warning["type"]?.string == "complaint.sla_at_risk")
        #expect(warning["actor"]?.string == "system")
        #expect(warning["at"]?.string == service.clock.now.rfc3339)
        #expect(warning["from_status"]?.string == "received")
        #expect(warning["to_status"]?.string == "received")
        #expect(warning["data"]?["limit"]?.string == "first_response")
        #expect(warning["data"]?["due_at"]?.string == "2026-11-23T05:40:17Z")

        service.clock.advance(hours: 5)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try service.complaint(late)["sla"]?["breached"]?.strings == ["first_response"])
        #expect(
            try alerts(late, in: service) == [
                "complaint.sla_at_risk first_response", "complaint.sla_breached first_response",
            ])
        #expect(try alerts(onTrack, in: service) == [])
        #expect(try alerts(withdrawn, in: service) == [])

        service.clock.advance(hours: 115)
        #expect(try SLASweep.run(service.backend) == 2)
        #expect(try alerts(late, in: service).last == "complaint.sla_at_risk resolution")
        #expect(try alerts(onTrack, in: service) == ["complaint.sla_breached first_response"])
        #expect(try alerts(withdrawn, in: service) == [])
    }

    @Test func aSweepSpreadOverSeveralWritesAlertsEveryComplaintOnce() throws {
        let service = try TestService()
        var ids: [Int64] = []
        for _ in 0..<5 { ids.append(try service.register()) }
        let withdrawn = try service.register()
        try service.take([("withdraw", #"{"reason":"Sorted out by phone."}"#)], on: withdrawn)
        service.clock.advance(hours: 30)
        #expect(try SLASweep.run(service.backend, complaintsPerWrite: 2) == 5)
        #expect(try SLASweep.run(service.backend, complaintsPerWrite: 2) == 0)
        for id in ids { #expect(try alerts(id, in: service) == ["complaint.sla_breached first_response"]) }
        #expect(try alerts(withdrawn, in: service) == [])
    }

    @Test func aRestartedServiceDoesNotRepeatAnAlert() throws {
        let service = try TestService()
        let id = try service.register()
        service.clock.advance(hours: 30)
        #expect(try SLASweep.run(service.backend) == 1)
        let restarted = Backend(
            database: service.database,
            runtime: Runtime(log: Log(level: .warn), metrics: Metrics(), clock: service.clock.clock))
        #expect(try SLASweep.run(restarted) == 0)
        #expect(try alerts(id, in: service) == ["complaint.sla_breached first_response"])
    }

    @Test func aLimitMetLateIsABreachAndALimitMetInTimeIsNeverWarnedAbout() throws {
        let service = try TestService()
        let slow = try service.register()
        let prompt = try service.register(json: Self.another)
        try service.take(Array(toInvestigating.prefix(2)) + [contactStep], on: prompt)
        service.clock.advance(hours: 25)
        try service.take(Array(toInvestigating.prefix(2)) + [contactStep], on: slow)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try alerts(slow, in: service) == ["complaint.sla_breached first_response"])
        #expect(try alerts(prompt, in: service) == [])
    }

    @Test func aFollowUpNotMadeInTimeIsABreachUntilTheComplaintIsClosed() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(
            toInvestigating + [
                ("propose", proposalJSON(#""apology""#)),
                ("resolve", #"{"note":"Apologised.","notified_via":"phone"}"#),
            ], on: id)
        service.clock.advance(hours: 25)
        #expect(try SLASweep.run(service.backend) == 1)
        let breach = try #require(service.timeline(id).last)
        #expect(breach["data"]?["limit"]?.string == "follow_up")
        #expect(breach["data"]?["due_at"]?.string == "2026-11-23T05:40:17Z")
        #expect(breach["to_status"]?.string == "resolved")
        try service.take([("follow-up", #"{"method":"phone","satisfied":true,"score":4}"#)], on: id)
        service.clock.advance(hours: 500)
        #expect(try SLASweep.run(service.backend) == 0)
    }

    @Test func theSweepLooksAtAComplaintAgainOnlyWhenItChangesOrALimitTurns() throws {
        let service = try TestService()
        let id = try service.register()
        let due = {
            let now = service.clock.now
            return try service.database.read { try $0.complaintIDsDueForSLACheck(now: now) }
        }
        #expect(try due() == [id])
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try due() == [])
        // The first response is due 24 h after receipt: at risk from 19.2 h, not a second before.
        service.clock.advance(hours: 19.2)
        service.clock.advance(seconds: -1)
        #expect(try due() == [])
        service.clock.advance(seconds: 1)
        #expect(try due() == [id])
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try due() == [])
        // A change to the complaint makes it due at once; a sweep then finds nothing new.
        try service.take(Array(toInvestigating.prefix(1)), on: id)
        #expect(try due() == [id])
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try due() == [])
    }

    @Test func aDatabaseFromBeforeTheScheduleHasEveryOpenComplaintLookedAtOnce() throws {
        let service = try TestService()
        let open = try service.register()
        let withdrawn = try service.register()
        try service.take([("withdraw", #"{"reason":"Sorted out by phone."}"#)], on: withdrawn)
        // Back to schema version 6, as a database written before the schedule existed: every
        // later migration's change undone, so that the upgrade applies each again.
        try service.database.write { connection in
            try connection.execute(SchemaRewind.script(from: Schema.migrations.count, to: 6))
        }
        let upgraded = try Database(
            configuration: DatabaseConfiguration(path: service.directory.appendingPathComponent("redress.sqlite").path))
        defer { upgraded.close() }
        let now = service.clock.now
        #expect(try upgraded.read { try $0.complaintIDsDueForSLACheck(now: now) } == [open])
    }

    @Test func aLowerAtRiskShareBringsTheWarningsForward() throws {
        let service = try TestService()
        let id = try service.register()
        #expect(try SLASweep.run(service.backend) == 0)
        service.clock.advance(hours: 12.5)
        #expect(try SLASweep.run(service.backend) == 0)
        let patched = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey, json: #"{"at_risk_ratio":0.5}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        try #require(patched.status == 200, "\(String(decoding: patched.body, as: UTF8.self))")
        // Until re-dated in the background, the complaint keeps the moment it was given.
        #expect(try SLASweep.run(service.backend) == 0)
        #expect(try SLARedating.step(service.backend) == 1)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try alerts(id, in: service) == ["complaint.sla_at_risk first_response"])
    }

    @Test func theBackgroundSweepRunsOnItsOwnAndStops() throws {
        let service = try TestService()
        let id = try service.register()
        service.clock.advance(hours: 30)
        let sweep = SLASweep(backend: service.backend, every: .milliseconds(20))
        let deadline = Date().addingTimeInterval(10)
        while try alerts(id, in: service).isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        sweep.stop()
        #expect(try alerts(id, in: service) == ["complaint.sla_breached first_response"])
    }

    // A complaint about another subject, so not a repeat with a higher priority and shorter limits.
    private static let another = complaintJSON(subjectRef: "DW-7")

    // The sweep's events on a complaint, as "type limit".
    private func alerts(_ id: Int64, in service: TestService) throws -> [String] {
        try service.timeline(id).compactMap { event in
            guard let type = event["type"]?.string, type.hasPrefix("complaint.sla_") else { return nil }
            return "\(type) \(event["data"]?["limit"]?.string ?? "")"
        }
    }

    @Test func idempotentResponsesAreDeletedOnceTheirReplayWindowHasPassed() throws {
        let service = try TestService()
        func stored() throws -> Int64 {
            try service.database.read { try $0.first("SELECT count(*) FROM idempotent_responses")?.get(0) ?? -1 }
        }
        let old = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(),
            headers: [("Idempotency-Key", "old")])
        try #require(old.status == 201)
        service.clock.advance(hours: 23)
        _ = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(),
            headers: [("Idempotency-Key", "recent")])
        #expect(try SLASweep.purgeExpiredReplays(service.backend) == 0)
        #expect(try stored() == 2)
        service.clock.advance(hours: 1)
        #expect(try SLASweep.purgeExpiredReplays(service.backend) == 1)
        #expect(try stored() == 1)
        // The purged key is free again: the same key registers a new complaint.
        let again = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(),
            headers: [("Idempotency-Key", "old")])
        #expect(again.status == 201)
        #expect(try again.json()["id"] != old.json()["id"])
    }
}
