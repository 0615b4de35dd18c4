import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// The complainant's own follow-up through the tracking page.
@Suite struct TrackingFeedbackTests {
    /// A service with a complaint taken to resolved.
    static func resolved() throws -> (TestService, TrackedComplaint) {
        let service = try TestService()
        let complaint = try service.registerTracked()
        try service.take(
            toInvestigating + [
                ("propose", proposalJSON(#""apology""#)),
                ("resolve", #"{"note":"Seal replaced.","notified_via":"phone"}"#),
            ], on: complaint.id)
        return (service, complaint)
    }

    @Test func satisfiedFeedbackClosesTheComplaintAsASelfServiceFollowUp() throws {
        let (service, complaint) = try Self.resolved()
        service.clock.advance(hours: 2)
        let response = try service.giveFeedback(
            complaint, json: #"{"satisfied":true,"score":4,"comment":"Quick and polite."}"#)
        #expect(response.status == 200)
        let view = try response.json()
        #expect(view.keys == TrackingViewTests.viewKeys)
        #expect(view["status"]?.string == "closed")
        #expect(view["timeline"]?.array?.last?["type"]?.string == "complaint.followed_up")
        let stored = try service.complaint(complaint.id)
        #expect(stored["satisfaction"]?["method"]?.string == "self_service")
        #expect(stored["satisfaction"]?["score"]?.int == 4)
        #expect(stored["satisfaction"]?["comment"]?.string == "Quick and polite.")
        #expect(stored["satisfaction"]?["recorded_at"]?.string == service.clock.now.rfc3339)
        let event = try #require(service.timeline(complaint.id).last)
        #expect(event["actor"]?.string == "complainant")
        #expect(event["data"]?["method"]?.string == "self_service")
    }

    @Test func unsatisfiedFeedbackReopensTheInvestigation() throws {
        let (service, complaint) = try Self.resolved()
        let response = try service.giveFeedback(complaint, json: #"{"satisfied":false,"score":1}"#)
        #expect(response.status == 200)
        #expect(try response.json()["status"]?.string == "investigating")
        #expect(try response.json()["resolution_note"] == .null)
        let stored = try service.complaint(complaint.id)
        #expect(stored["status"]?.string == "investigating")
        #expect(stored["reopen_count"]?.int == 1)
    }

    @Test func feedbackIsTakenOnlyWhileResolved() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        try service.take(toInvestigating, on: complaint.id)
        let early = try service.giveFeedback(complaint, json: #"{"satisfied":true,"score":5}"#)
        #expect(early.status == 409)
        #expect(try early.json()["type"]?.string == "/problems/feedback-not-open")
        #expect(try early.json()["allowed_actions"] == nil)
        #expect(try service.complaint(complaint.id)["status"]?.string == "investigating")

        let (resolvedService, resolved) = try Self.resolved()
        #expect(try resolvedService.giveFeedback(resolved, json: #"{"satisfied":true,"score":5}"#).status == 200)
        let twice = try resolvedService.giveFeedback(resolved, json: #"{"satisfied":true,"score":5}"#)
        #expect(twice.status == 409)
        #expect(try resolvedService.complaint(resolved.id)["version"]?.int == 7)
    }

    @Test(arguments: [
        (#"{"score":5}"#, "satisfied"), (#"{"satisfied":true,"score":6}"#, "score"), (#"{"satisfied":true}"#, "score"),
        (#"{"satisfied":true,"score":3,"method":"phone"}"#, "method"), (#"{"satisfied":"yes","score":3}"#, "satisfied"),
    ])
    func invalidFeedbackIs422AndChangesNothing(body: String, field: String) throws {
        let (service, complaint) = try Self.resolved()
        let response = try service.giveFeedback(complaint, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        #expect(try service.complaint(complaint.id)["status"]?.string == "resolved")
    }

    @Test func aWrongCodeGivesNoFeedback() throws {
        let (service, complaint) = try Self.resolved()
        let response = try service.giveFeedback(complaint, json: #"{"satisfied":true,"score":5}"#, code: "NOTTHECODE")
        #expect(response.status == 404)
        #expect(try response.json()["detail"]?.string == "No complaint matches this case number and tracking code.")
        #expect(try service.complaint(complaint.id)["status"]?.string == "resolved")
    }
}
