import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct SettingsTests {
    private static let mergePatch = [("Content-Type", "application/merge-patch+json")]

    @Test func theDefaultsAreShownToAdministratorsOnly() throws {
        let service = try TestService()
        let response = try service.request("GET", "/v1/settings", key: service.adminKey)
        #expect(response.status == 200)
        #expect(
            response.text == """
                {"sla":{"critical":{"first_response_hours":2,"resolution_hours":24},\
                "high":{"first_response_hours":8,"resolution_hours":72},\
                "normal":{"first_response_hours":24,"resolution_hours":168}},\
                "follow_up_hours":24,"at_risk_ratio":0.8,"repeat_window_days":90,"approval_threshold_minor":50000,\
                "approval_threshold_manager_minor":null,"approval_required_for":["refund_full"],\
                "approval_zero_compensation_counts":true,"auto_approve_without_amount":true,"currency":"CNY",\
                "default_phone_region":"CN","no_reply_reminder":null,"no_reply_withdraw":null}
                """)
        let supervisor = try service.key(.supervisor)
        #expect(try service.request("GET", "/v1/settings", key: supervisor).status == 403)
        #expect(
            try service.request("PATCH", "/v1/settings", key: supervisor, json: #"{"currency":"USD"}"#).status == 403)
    }

    @Test func aPatchMergesIntoTheSettingsAndIsStored() throws {
        let service = try TestService()
        let patched = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey,
            json: """
                {"sla":{"high":{"first_response_hours":4.5}},"at_risk_ratio":0.5,"currency":"USD"}
                """, headers: Self.mergePatch)
        #expect(patched.status == 200)
        let body = try patched.json()
        #expect(body["sla"]?["high"]?["first_response_hours"] == .double(4.5))
        #expect(body["sla"]?["high"]?["resolution_hours"]?.int == 72)
        #expect(body["sla"]?["critical"]?["first_response_hours"]?.int == 2)
        #expect(body["at_risk_ratio"] == .double(0.5))
        #expect(body["currency"]?.string == "USD")
        #expect(body["approval_threshold_minor"]?.int == 50000)
        #expect(try service.request("GET", "/v1/settings", key: service.adminKey).body == patched.body)

        let restarted = Backend(
            database: service.database,
            runtime: Runtime(log: Log(level: .warn), metrics: Metrics(), clock: service.clock.clock))
        let stored = try restarted.settings()
        #expect(stored.limits(for: .high).firstResponseHours == 4.5)
        #expect(stored.atRiskRatio == 0.5)
        #expect(stored.currency == "USD")
        #expect(stored.limits(for: .normal) == Settings.defaults.limits(for: .normal))

        let reset = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey,
            json: #"{"sla":{"high":null},"currency":null}"#
        ).json()
        #expect(reset["sla"]?["high"]?["first_response_hours"]?.int == 8)
        #expect(reset["currency"]?.string == "CNY")
        #expect(reset["at_risk_ratio"] == .double(0.5))
    }

    @Test(arguments: [
        (#"{"sla":{"high":{"first_response_hours":100}}}"#, ["sla.high.first_response_hours"]),
        (
            #"{"sla":{"normal":{"resolution_hours":0}}}"#,
            ["sla.normal.resolution_hours", "sla.normal.first_response_hours"]
        ),
        (#"{"sla":{"urgent":{}},"follow_up_hours":-1}"#, ["sla.urgent"]),
        (#"{"follow_up_hours":-1}"#, ["follow_up_hours"]),
        (#"{"at_risk_ratio":0}"#, ["at_risk_ratio"]),
        (#"{"at_risk_ratio":1.5}"#, ["at_risk_ratio"]),
        (#"{"repeat_window_days":0}"#, ["repeat_window_days"]),
        (#"{"approval_threshold_minor":-1}"#, ["approval_threshold_minor"]),
        (#"{"currency":"cny"}"#, ["currency"]),
        (#"{"currency":"CNY","sla":{"high":{"first_response_hours":"8"}}}"#, ["sla.high.first_response_hours"]),
        (#"{"timezone":"UTC"}"#, ["timezone"]),
    ])
    func anInvalidPatchIs422NamingTheFieldAndChangesNothing(patch: String, fields: [String]) throws {
        let service = try TestService()
        let before = try service.request("GET", "/v1/settings", key: service.adminKey).body
        let response = try service.request("PATCH", "/v1/settings", key: service.adminKey, json: patch)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?.array?.compactMap { $0["field"]?.string } == fields)
        #expect(try service.request("GET", "/v1/settings", key: service.adminKey).body == before)
        #expect(try service.database.read { try $0.setting(SettingsJSON.storageKey) } == nil)
    }

    @Test func newSettingsApplyToNewComplaintsAndLeaveExistingDueDatesAlone() throws {
        let service = try TestService()
        let existing = try service.register()
        let patch =
            #"{"sla":{"normal":{"first_response_hours":12,"resolution_hours":48}},"approval_threshold_minor":100}"#
        #expect(try service.request("PATCH", "/v1/settings", key: service.adminKey, json: patch).status == 200)
        let fresh = try service.register(json: complaintJSON(subjectRef: "TV-1"))
        #expect(try service.complaint(existing)["first_response_due_at"]?.string == "2026-11-23T05:40:17Z")
        #expect(try service.complaint(fresh)["first_response_due_at"]?.string == "2026-11-22T17:40:17Z")
        #expect(try service.complaint(fresh)["resolution_due_at"]?.string == "2026-11-24T05:40:17Z")
        try service.take(toInvestigating, on: fresh)
        let proposed = try service.act(
            "propose", on: fresh, key: service.adminKey, json: proposalJSON(#""compensation""#, amount: 101))
        #expect(try proposed.json()["status"]?.string == "proposed")
    }

    @Test func theSweepUsesTheAtRiskRatioInForce() throws {
        let service = try TestService()
        let id = try service.register()
        #expect(
            try service.request("PATCH", "/v1/settings", key: service.adminKey, json: #"{"at_risk_ratio":0.5}"#).status
                == 200)
        // The at-risk moments are kept with the due dates: the open complaints are re-dated.
        #expect(try SLARedating.step(service.backend) == 1)
        #expect(try SLARedating.step(service.backend) == nil)
        service.clock.advance(hours: 12)
        #expect(try SLASweep.run(service.backend) == 1)
        #expect(try service.timeline(id).last?["type"]?.string == "complaint.sla_at_risk")
    }
}
