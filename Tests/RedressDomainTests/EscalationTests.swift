import Testing
import RedressDomain

/// Escalating an open complaint: one level up, due dates recomputed, status unchanged.
@Suite struct EscalationTests {
    typealias Fixture = LifecycleFixture

    @Test(arguments: [
        (Priority.normal, Priority.high, 8.0, 72.0),
        (.high, .critical, 2, 24),
        (.critical, .critical, 2, 24),
    ])
    func escalatingRaisesThePriorityAndRecomputesTheDueDates(
        from priority: Priority, to raised: Priority, firstResponseHours: Double, resolutionHours: Double
    ) throws {
        var complaint = Fixture.complaint(.investigating)
        complaint.priority = priority
        let transition = try Fixture.apply(.escalate(reason: "Called three times"), to: complaint, by: Fixture.agent)
        #expect(transition.complaint.status == .investigating)
        #expect(transition.complaint.priority == raised)
        #expect(transition.complaint.escalated)
        #expect(transition.complaint.firstResponseDueAt == Fixture.at(hours: firstResponseHours))
        #expect(transition.complaint.resolutionDueAt == Fixture.at(hours: resolutionHours))
        #expect(transition.events.first?["priority"] == .string(raised.rawValue))
        #expect(transition.events.first?["previous_priority"] == .string(priority.rawValue))
    }

    @Test func escalationSaysWhyThePriorityRose() throws {
        let transition = try Fixture.apply(.escalate(reason: "Posted on Weibo"), to: Fixture.complaint(.received))
        #expect(transition.complaint.priorityReason == "raised one level by escalation")
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.escalated", fromStatus: .received, toStatus: .received,
                    data: [
                        ("reason", .string("Posted on Weibo")), ("priority", .string("high")),
                        ("previous_priority", .string("normal")),
                        ("first_response_due_at", .string("2026-11-22T08:00:00Z")),
                        ("resolution_due_at", .string("2026-11-25T00:00:00Z")),
                        ("sla_policy", .string("default-high")),
                    ])
            ])
    }

    @Test func aCriticalComplaintStaysCriticalWithItsReason() throws {
        var complaint = Fixture.complaint(.assigned)
        complaint.priority = .critical
        complaint.priorityReason = "mentions fraud (\"scam\")"
        let transition = try Fixture.apply(.escalate(reason: "Lawyer called"), to: complaint)
        #expect(transition.complaint.priority == .critical)
        #expect(transition.complaint.priorityReason == "mentions fraud (\"scam\")")
        #expect(transition.complaint.escalated)
    }

    @Test(arguments: [(Priority.normal, 4.0, 48.0), (.critical, 1, 12)])
    func dueDatesFollowTheSettingsInForceEvenWhenThePriorityStays(
        priority: Priority, firstResponseHours: Double, resolutionHours: Double
    ) throws {
        var settings = Fixture.settings
        settings.sla[.high] = Settings.Limits(firstResponseHours: 4, resolutionHours: 48)
        settings.sla[.critical] = Settings.Limits(firstResponseHours: 1, resolutionHours: 12)
        var complaint = Fixture.complaint(.accepted)
        complaint.priority = priority
        let transition = try Fixture.apply(.escalate(reason: "VIP"), to: complaint, settings: settings)
        #expect(transition.complaint.firstResponseDueAt == Fixture.at(hours: firstResponseHours))
        #expect(transition.complaint.resolutionDueAt == Fixture.at(hours: resolutionHours))
    }
}
