import Testing
import RedressDomain

/// Resolving, following up, withdrawing and reopening (DOMAIN.md steps 8–9).
@Suite struct ResolutionTests {
    typealias Fixture = LifecycleFixture

    @Test func resolvingStartsTheFollowUpClock() throws {
        var settings = Fixture.settings
        settings.followUpHours = 48
        let transition = try Fixture.apply(
            .resolve(note: "Machine replaced", notifiedVia: "phone"),
            to: Fixture.complaint(.approved), settings: settings)
        #expect(transition.complaint.status == .resolved)
        #expect(transition.complaint.resolution == Complaint.Resolution(note: "Machine replaced", notifiedVia: "phone"))
        #expect(transition.complaint.resolvedAt == Fixture.now)
        #expect(transition.complaint.followUpDueAt == Fixture.at(hours: 5 + 48))
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.resolved", fromStatus: .approved, toStatus: .resolved,
                    data: [
                        ("note", .string("Machine replaced")), ("notified_via", .string("phone")),
                        ("follow_up_due_at", .string("2026-11-24T05:00:00Z")),
                    ])
            ])
    }

    @Test func aSatisfiedCustomerClosesTheComplaint() throws {
        let input = ActionInput.followUp(.init(method: .visit, satisfied: true, score: 5, comment: "Thanks"))
        let transition = try Fixture.apply(input, to: Fixture.complaint(.resolved), by: Fixture.agent)
        let complaint = transition.complaint
        #expect(complaint.status == .closed)
        #expect(complaint.closedAt == Fixture.now)
        #expect(complaint.reopenCount == 0)
        #expect(complaint.resolvedAt == Fixture.at(hours: 3))
        #expect(
            complaint.satisfaction
                == Complaint.Satisfaction(
                    satisfied: true, score: 5, comment: "Thanks", method: .visit,
                    recordedAt: Fixture.now))
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.followed_up", fromStatus: .resolved, toStatus: .closed,
                    data: [
                        ("method", .string("visit")), ("satisfied", .bool(true)), ("score", .int(5)),
                        ("comment", .string("Thanks")),
                        ("reopen_count", .int(0)), ("resolution_due_at", .string("2026-11-29T00:00:00Z")),
                    ])
            ])
    }

    @Test func anUnsatisfiedCustomerSendsTheComplaintBackToInvestigation() throws {
        let input = ActionInput.followUp(.init(method: .phone, satisfied: false, score: 2))
        let before = Fixture.complaint(.resolved)
        let transition = try Fixture.apply(input, to: before, by: Fixture.agent)
        let complaint = transition.complaint
        #expect(complaint.status == .investigating)
        #expect(complaint.reopenCount == 1)
        #expect(complaint.resolvedAt == nil)
        #expect(complaint.followUpDueAt == nil)
        #expect(complaint.resolution == nil)
        #expect(complaint.closedAt == nil)
        #expect(complaint.proposal == before.proposal)
        // Kept for the reports, but no longer the current satisfaction.
        #expect(complaint.satisfaction?.satisfied == false)
        #expect(complaint.currentSatisfaction == nil)
        // The resolution clock starts again now, for the normal priority's 168 hours.
        #expect(complaint.reopenedAt == Fixture.now)
        #expect(complaint.resolutionDueAt == Fixture.at(hours: 5 + 168))
        #expect(transition.events.first?["reopen_count"] == .int(1))
        #expect(transition.events.first?["resolution_due_at"] == .string("2026-11-29T05:00:00Z"))
    }

    @Test func theComplainantsOwnFeedbackIsASelfServiceFollowUp() throws {
        let input = ActionInput.followUp(.init(method: .selfService, satisfied: true, score: 4))
        let transition = try Fixture.apply(input, to: Fixture.complaint(.resolved), by: .complainant)
        #expect(transition.complaint.satisfaction?.method == .selfService)
        #expect(transition.actor.name == "complainant")
        #expect(throws: LifecycleError.forbidden(required: .supervisor)) {
            try Fixture.apply(.reopen(reason: "Still broken"), to: Fixture.complaint(.closed), by: .complainant)
        }
    }

    @Test(arguments: [0, 6, -1, 100])
    func aScoreOutsideOneToFiveIsRefused(score: Int) {
        #expect(throws: LifecycleError.invalid([FieldError("score", "must be from 1 to 5")])) {
            try Fixture.apply(
                .followUp(.init(method: .phone, satisfied: true, score: score)), to: Fixture.complaint(.resolved))
        }
    }

    @Test(arguments: [1, 5])
    func scoresOneAndFiveAreAccepted(score: Int) throws {
        let transition = try Fixture.apply(
            .followUp(.init(method: .phone, satisfied: true, score: score)),
            to: Fixture.complaint(.resolved))
        #expect(transition.complaint.satisfaction?.score == score)
    }

    @Test(arguments: Status.open)
    func withdrawingEndsAnOpenComplaint(status: Status) throws {
        let transition = try Fixture.apply(
            .withdraw(reason: "Sorted out with the store"), to: Fixture.complaint(status))
        #expect(transition.complaint.status == .withdrawn)
        #expect(transition.complaint.closedAt == Fixture.now)
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.withdrawn", fromStatus: status, toStatus: .withdrawn,
                    data: [("reason", .string("Sorted out with the store"))])
            ])
    }

    @Test func reopeningAClosedComplaintInvestigatesAgain() throws {
        let transition = try Fixture.apply(.reopen(reason: "The leak is back"), to: Fixture.complaint(.closed))
        let complaint = transition.complaint
        #expect(complaint.status == .investigating)
        #expect(complaint.reopenCount == 1)
        #expect(complaint.closedAt == nil)
        #expect(complaint.resolvedAt == nil)
        #expect(complaint.followUpDueAt == nil)
        #expect(complaint.timeLimits.clocks[.followUp] == nil)
        #expect(complaint.resolution == nil)
        #expect(complaint.reopenedAt == Fixture.now)
        #expect(complaint.resolutionDueAt == Fixture.at(hours: 5 + 168))
        #expect(complaint.timeLimits.clocks[.resolution]?.policy == "default-normal")
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.reopened", fromStatus: .closed, toStatus: .investigating,
                    data: [
                        ("reason", .string("The leak is back")), ("reopen_count", .int(1)),
                        ("resolution_due_at", .string("2026-11-29T05:00:00Z")),
                    ])
            ])
    }

    @Test func reopeningRestartsTheResolutionClockWithoutItsPausedTime() throws {
        var closed = Fixture.complaint(.closed)
        closed.resolutionPausedFor = 7200
        closed.resolutionDueAt = Fixture.at(hours: 170)
        let transition = try Fixture.apply(.reopen(reason: "The leak is back"), to: closed)
        #expect(transition.complaint.resolutionPausedFor == 0)
        #expect(transition.complaint.resolutionDueAt == Fixture.at(hours: 5 + 168))
        // Its clocks: resolution counted from the reopening, met by nothing yet; at risk from the
        // settings' 80% of it, the moment stored with it.
        let clocks = SLA.Clocks(transition.complaint)
        #expect(clocks.reopenedAt == Fixture.now)
        #expect(clocks.resolutionAtRiskAt == Fixture.at(hours: 5 + 0.8 * 168))
        #expect(SLA.evaluate(clocks, atRiskRatio: 0.8, now: Fixture.at(hours: 5 + 134)).state == .onTrack)
        #expect(SLA.evaluate(clocks, atRiskRatio: 0.8, now: Fixture.at(hours: 5 + 135)).atRisk == [.resolution])
    }

    @Test func aLaterEscalationCountsTheResolutionFromTheReopening() throws {
        let reopened = try Fixture.apply(.reopen(reason: "The leak is back"), to: Fixture.complaint(.closed)).complaint
        let escalated = try Fixture.apply(.escalate(reason: "Posted online"), to: reopened).complaint
        #expect(escalated.priority == .high)
        #expect(escalated.resolutionDueAt == Fixture.at(hours: 5 + 72))
        #expect(escalated.firstResponseDueAt == Fixture.at(hours: 8))
    }

    @Test func reopeningARejectedComplaintAssessesItAgain() throws {
        let transition = try Fixture.apply(.reopen(reason: "The receipt turned up"), to: Fixture.complaint(.rejected))
        let complaint = transition.complaint
        #expect(complaint.status == .received)
        #expect(complaint.reopenCount == 1)
        #expect(complaint.closedAt == nil)
        #expect(complaint.validityNote == nil)
        #expect(complaint.firstRespondedAt == Fixture.at(hours: 2))
        #expect(complaint.reopenedAt == Fixture.now)
        #expect(complaint.resolutionDueAt == Fixture.at(hours: 5 + 168))
        #expect(transition.events.first?["reopen_count"] == .int(1))
    }

    @Test func reopeningTwiceCountsTwice() throws {
        var complaint = Fixture.complaint(.closed)
        complaint.reopenCount = 1
        let transition = try Fixture.apply(.reopen(reason: "Again"), to: complaint)
        #expect(transition.complaint.reopenCount == 2)
    }

    @Test func anAgentCannotReopen() {
        #expect(throws: LifecycleError.forbidden(required: .supervisor)) {
            try Fixture.apply(.reopen(reason: "Again"), to: Fixture.complaint(.closed), by: Fixture.agent)
        }
    }
}
