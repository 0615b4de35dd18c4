import Testing
import RedressDomain

/// The order in which an action is refused, and the rules every action shares.
@Suite struct LifecycleCheckTests {
    typealias Fixture = LifecycleFixture

    @Test func aRoleTooLowIsRefusedBeforeTheStatusIsLookedAt() {
        #expect(throws: LifecycleError.forbidden(required: .supervisor)) {
            try Fixture.apply(.approve(comment: nil), to: Fixture.complaint(.closed), by: Fixture.agent)
        }
        #expect(throws: LifecycleError.forbidden(required: .agent)) {
            try Fixture.apply(
                .withdraw(reason: nil), to: Fixture.complaint(.closed), by: Actor(name: "desk", role: .intake))
        }
    }

    @Test func aWrongStatusIsRefusedBeforeTheContentIsChecked() {
        #expect(
            throws: LifecycleError.notAllowed(
                status: .received, allowed: [.assess, .contact, .awaitCustomer, .withdraw, .escalate, .merge])
        ) {
            try Fixture.apply(
                .resolve(note: nil, notifiedVia: nil), to: Fixture.complaint(.received), by: Fixture.agent)
        }
    }

    @Test func theAllowedActionsNamedInARefusalAreTheActorsOwn() {
        #expect(
            throws: LifecycleError.notAllowed(
                status: .proposed,
                allowed: [.assign, .approve, .sendBack, .contact, .awaitCustomer, .withdraw, .escalate, .merge])
        ) {
            try Fixture.apply(Fixture.input(for: .resolve), to: Fixture.complaint(.proposed), by: Fixture.supervisor)
        }
        #expect(
            throws: LifecycleError.notAllowed(
                status: .proposed, allowed: [.assign, .contact, .awaitCustomer, .withdraw, .escalate, .merge])
        ) {
            try Fixture.apply(Fixture.input(for: .resolve), to: Fixture.complaint(.proposed), by: Fixture.agent)
        }
    }

    @Test func invalidContentIsRefusedWithEveryProblemAtOnce() {
        let expected = LifecycleError.invalid([
            FieldError("assignee", "is required"),
            FieldError("department", "must be the key of a department in use; GET /v1/departments lists them"),
        ])
        #expect(throws: expected) {
            try Fixture.apply(.assign(.init(department: "marketing", assignee: nil)), to: Fixture.complaint(.accepted))
        }
    }

    @Test func theFirstResponseIsStampedOnlyOnce() {
        var complaint = Fixture.complaint(.received)
        #expect(Lifecycle.recordFirstResponse(of: &complaint, at: Fixture.at(hours: 1)))
        #expect(!Lifecycle.recordFirstResponse(of: &complaint, at: Fixture.at(hours: 2)))
        #expect(complaint.firstRespondedAt == Fixture.at(hours: 1))
    }

    @Test func eachEventTypeIsTheActionInThePastTense() {
        #expect(
            Action.allCases.map(\.eventType) == [
                "complaint.assessed", "complaint.assigned", "complaint.investigated", "complaint.proposed",
                "complaint.approved", "complaint.sent_back", "complaint.resolved", "complaint.followed_up",
                "complaint.contacted", "complaint.awaiting_customer", "complaint.customer_replied",
                "complaint.withdrawn", "complaint.escalated", "complaint.reopened",
                "complaint.proposal_answered", "complaint.merged",
            ])
    }

    @Test func actionsAreNamedAsInTheirPaths() {
        #expect(
            Action.allCases.map(\.rawValue) == [
                "assess", "assign", "investigate", "propose", "approve", "send-back", "resolve", "follow-up",
                "contact", "await-customer", "customer-replied", "withdraw", "escalate", "reopen", "answer-proposal",
                "merge",
            ])
    }
}
