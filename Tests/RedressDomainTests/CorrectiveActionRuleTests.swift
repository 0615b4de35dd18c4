import Testing
import RedressDomain

/// The rules of corrective and preventive actions: their moves, who may make them, and overdue.
@Suite struct CorrectiveActionRuleTests {
    static let allowed: Set<[CorrectiveActionStatus]> = [[.open, .done], [.done, .open], [.done, .verified]]

    @Test(arguments: CorrectiveActionStatus.allCases, CorrectiveActionStatus.allCases)
    func onlyOpenToDoneToVerifiedAndBackFromDoneAreMoves(from: CorrectiveActionStatus, to: CorrectiveActionStatus) {
        #expect(from.next.contains(to) == Self.allowed.contains([from, to]))
    }

    @Test func onlyASupervisorVerifies() {
        #expect(CorrectiveActionStatus.allCases.map(\.minimumRole) == [.agent, .agent, .supervisor])
    }

    @Test func anActionIsOverdueOnlyWhileOpenPastItsDueDate() {
        let due = LifecycleFixture.at(hours: 24)
        var action = CorrectiveAction(
            id: 1, complaint: Complaint.Reference(id: 7, number: CaseNumber(month: "202611", serial: 42)),
            description: "Check every seal in batch 11", owner: "Quality", dueAt: due,
            createdAt: LifecycleFixture.now, updatedAt: LifecycleFixture.now)
        #expect(!action.isOverdue(at: due))
        #expect(action.isOverdue(at: due.adding(seconds: 1)))
        action.status = .done
        #expect(!action.isOverdue(at: due.adding(seconds: 1)))
    }

    @Test func textsAreCheckedOnlyWhenGiven() {
        #expect(CorrectiveAction.validate().isEmpty)
        #expect(
            CorrectiveAction.validate(description: " ", owner: String(repeating: "o", count: 201), note: "") == [
                FieldError("description", "must not be empty"), FieldError("owner", "must be at most 200 characters"),
                FieldError("note", "must not be empty"),
            ])
    }
}
