import JSON
import Testing
import TestClient
@testable import RedressAPI

/// "Remedies above an agent's authority need a supervisor's approval" (DOMAIN.md step 7), with the
/// authority as the company sets it: by remedy, by amount on two levels, zero compensations and
/// proposals without an amount.
@Suite struct ApprovalRuleTests {
    private static let mergePatch = [("Content-Type", "application/merge-patch+json")]

    private func set(_ service: TestService, _ json: String) throws -> TestClient.Response {
        try service.request("PATCH", "/v1/settings", key: service.adminKey, json: json, headers: Self.mergePatch)
    }

    /// The status a proposal of `remedies` for `amount` reaches, on a new complaint.
    private func propose(_ service: TestService, _ remedies: String, amount: Int? = nil) throws -> (Int64, String?) {
        let id = try service.register()
        try service.take(toInvestigating, on: id)
        let response = try service.act(
            "propose", on: id, key: service.adminKey, json: proposalJSON(remedies, amount: amount))
        #expect(response.status == 200, "\(response.text)")
        return (id, try response.json()["status"]?.string)
    }

    @Test func byDefaultOnlyAFullRefundOrMoreThanTheThresholdWaitsForASupervisor() throws {
        let service = try TestService()
        #expect(try propose(service, #""repair","replacement""#).1 == "approved")
        #expect(try propose(service, #""refund_partial""#, amount: 50_000).1 == "approved")
        #expect(try propose(service, #""refund_partial""#, amount: 50_001).1 == "proposed")
        #expect(try propose(service, #""refund_full""#, amount: 100).1 == "proposed")
    }

    @Test func everyRefundAndCompensationCanBeMadeToNeedApprovalButAZeroCompensationMayNotCount() throws {
        let service = try TestService()
        #expect(
            try set(service, #"{"approval_required_for":["refund_full","refund_partial","compensation"]}"#).status
                == 200)
        #expect(try propose(service, #""refund_partial""#, amount: 1).1 == "proposed")
        #expect(try propose(service, #""compensation""#, amount: 0).1 == "proposed")
        #expect(try propose(service, #""apology""#).1 == "approved")
        #expect(try set(service, #"{"approval_zero_compensation_counts":false}"#).status == 200)
        #expect(try propose(service, #""compensation""#, amount: 0).1 == "approved")
        #expect(try propose(service, #""compensation""#, amount: 1).1 == "proposed")
    }

    @Test func aRepairOrReplacementWaitsForApprovalWhereTheSettingSaysSo() throws {
        let service = try TestService()
        #expect(try set(service, #"{"auto_approve_without_amount":false}"#).status == 200)
        #expect(try propose(service, #""repair""#).1 == "proposed")
        #expect(try propose(service, #""replacement","apology""#).1 == "proposed")
        #expect(try propose(service, #""compensation""#, amount: 100).1 == "approved")
    }

    @Test func aboveTheManagersThresholdOnlyAnAdminApproves() throws {
        let service = try TestService()
        #expect(try set(service, #"{"approval_threshold_manager_minor":200000}"#).status == 200)
        let supervisor = try service.key(.supervisor)
        let (large, status) = try propose(service, #""compensation""#, amount: 200_001)
        #expect(status == "proposed")
        let refused = try service.act("approve", on: large, key: supervisor, json: "{}")
        #expect(refused.status == 403)
        #expect(try refused.json()["detail"]?.string?.contains("admin") == true)
        #expect(try service.complaint(large)["status"]?.string == "proposed")
        #expect(try service.act("approve", on: large, key: service.adminKey, json: "{}").status == 200)

        let (middling, _) = try propose(service, #""compensation""#, amount: 200_000)
        #expect(try service.act("approve", on: middling, key: supervisor, json: "{}").status == 200)
    }

    @Test func badApprovalSettingsAreRefusedNamingTheFieldAndChangeNothing() throws {
        let service = try TestService()
        let before = try service.request("GET", "/v1/settings", key: service.adminKey).body
        for (json, field) in [
            (#"{"approval_required_for":["refund_full","free_lunch"]}"#, "approval_required_for[1]"),
            (#"{"approval_required_for":["repair","repair"]}"#, "approval_required_for"),
            (#"{"approval_required_for":"refund_full"}"#, "approval_required_for"),
            (#"{"approval_threshold_manager_minor":100}"#, "approval_threshold_manager_minor"),
            (#"{"approval_threshold_manager_minor":-1}"#, "approval_threshold_manager_minor"),
            (#"{"auto_approve_without_amount":"yes"}"#, "auto_approve_without_amount"),
            (#"{"approval_zero_compensation_counts":1}"#, "approval_zero_compensation_counts"),
        ] {
            let response = try set(service, json)
            #expect(response.status == 422, "\(json)")
            #expect(try response.json()["errors"]?[0]?["field"]?.string == field, "\(json): \(response.text)")
        }
        #expect(try service.request("GET", "/v1/settings", key: service.adminKey).body == before)
        // null restores a default.
        #expect(try set(service, #"{"approval_threshold_manager_minor":300000}"#).status == 200)
        let restored = try set(service, #"{"approval_threshold_manager_minor":null}"#)
        #expect(try restored.json()["approval_threshold_manager_minor"] == .null)
    }
}
