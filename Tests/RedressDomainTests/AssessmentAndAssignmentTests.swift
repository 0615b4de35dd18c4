import Testing
import RedressDomain

/// Assessing, assigning and investigating (DOMAIN.md steps 3–6).
@Suite struct AssessmentAndAssignmentTests {
    typealias Fixture = LifecycleFixture

    @Test func aValidComplaintIsAcceptedAndClassified() throws {
        let input = ActionInput.assess(
            .init(valid: true, category: "safety", priority: .high, note: "Checked the photos"))
        let transition = try Fixture.apply(input, to: Fixture.complaint(.received), by: Fixture.agent)
        let complaint = transition.complaint
        #expect(complaint.status == .accepted)
        #expect(complaint.category == "safety")
        #expect(complaint.priority == .high)
        #expect(complaint.priorityReason == "set at assessment")
        #expect(complaint.firstResponseDueAt == Fixture.at(hours: 8))
        #expect(complaint.resolutionDueAt == Fixture.at(hours: 72))
        #expect(complaint.validityNote == nil)
        #expect(complaint.firstRespondedAt == nil)
        #expect(complaint.closedAt == nil)
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.assessed", fromStatus: .received, toStatus: .accepted,
                    data: [
                        ("valid", .bool(true)), ("note", .string("Checked the photos")),
                        ("category", .string("safety")),
                        ("priority", .string("high")), ("previous_priority", .string("normal")),
                        ("first_response_due_at", .string("2026-11-22T08:00:00Z")),
                        ("resolution_due_at", .string("2026-11-25T00:00:00Z")),
                        ("sla_policy", .string("default-high")),
                        ("first_response", .bool(false)),
                    ])
            ])
    }

    @Test func anAssessmentWithoutAPriorityKeepsTheDueDates() throws {
        let before = Fixture.complaint(.received)
        let after = try Fixture.apply(.assess(.init(valid: true)), to: before).complaint
        #expect(after.priority == before.priority)
        #expect(after.priorityReason == before.priorityReason)
        #expect(after.firstResponseDueAt == before.firstResponseDueAt)
        #expect(after.resolutionDueAt == before.resolutionDueAt)
        #expect(after.category == before.category)
    }

    @Test func aRejectionClosesTheComplaintWithItsExplanationAndIsTheFirstResponse() throws {
        let note = "The warranty ended in 2019; we can offer a paid repair."
        let transition = try Fixture.apply(.assess(.init(valid: false, note: note)), to: Fixture.complaint(.received))
        #expect(transition.complaint.status == .rejected)
        #expect(transition.complaint.validityNote == note)
        #expect(transition.complaint.closedAt == Fixture.now)
        #expect(transition.complaint.firstRespondedAt == Fixture.now)
        #expect(transition.events.first?["first_response"] == .bool(true))
    }

    @Test func aRejectionKeepsAnEarlierFirstResponse() throws {
        var complaint = Fixture.complaint(.received)
        complaint.firstRespondedAt = Fixture.at(hours: 1)
        let transition = try Fixture.apply(.assess(.init(valid: false, note: "Not ours")), to: complaint)
        #expect(transition.complaint.firstRespondedAt == Fixture.at(hours: 1))
        #expect(transition.events.first?["first_response"] == .bool(false))
    }

    @Test(arguments: [nil, "", "  \n"] as [String?])
    func aRejectionNeedsTheExplanationTheCustomerReads(note: String?) {
        let message =
            note == nil
            ? "is required when valid is false: it is the explanation the customer reads"
            : "must not be empty"
        #expect(throws: LifecycleError.invalid([FieldError("note", message)])) {
            try Fixture.apply(.assess(.init(valid: false, note: note)), to: Fixture.complaint(.received))
        }
    }

    @Test func anAssignmentIsInternalAndNotTheFirstContact() throws {
        let transition = try Fixture.apply(
            .assign(.init(department: "after_sales", assignee: "Li Lei")),
            to: Fixture.complaint(.accepted), by: Fixture.agent)
        #expect(transition.complaint.status == .assigned)
        #expect(transition.complaint.department == "after_sales")
        #expect(transition.complaint.assignee == "Li Lei")
        #expect(transition.complaint.firstRespondedAt == nil)
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.assigned", fromStatus: .accepted, toStatus: .assigned,
                    data: [
                        ("department", .string("after_sales")), ("assignee", .string("Li Lei")),
                        ("previous_department", .null), ("previous_assignee", .null), ("assignee_user", .null),
                        ("department_due_at", .null),
                    ])
            ])
    }

    @Test func anAssignmentToAStaffUserRecordsTheirId() throws {
        let transition = try Fixture.apply(
            .assign(.init(department: "after_sales", assignee: "李娜", assigneeUser: 7)),
            to: Fixture.complaint(.accepted), by: Fixture.agent)
        #expect(transition.complaint.assignee == "李娜" && transition.complaint.assigneeUser == 7)
        #expect(transition.events.first?.data.first { $0.0 == "assignee_user" }.map { $0.1 == .int(7) } == true)
        // Free text afterwards names nobody.
        let again = try Fixture.apply(
            .assign(.init(department: "after_sales", assignee: "Li Lei")), to: transition.complaint, by: Fixture.agent)
        #expect(again.complaint.assigneeUser == nil)
    }

    @Test func reachingTheCustomerIsTheFirstContactOnce() throws {
        let input = ActionInput.contact(
            .init(method: .phone, summary: "Apologised; a technician calls tomorrow", visibility: .public))
        let transition = try Fixture.apply(input, to: Fixture.complaint(.accepted), by: Fixture.agent)
        #expect(transition.complaint.status == .accepted)
        #expect(transition.complaint.firstRespondedAt == Fixture.now)
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.contacted", fromStatus: .accepted, toStatus: .accepted,
                    data: [
                        ("method", .string("phone")), ("summary", .string("Apologised; a technician calls tomorrow")),
                        ("visibility", .string("public")), ("first_response", .bool(true)),
                    ])
            ])
        let again = try Fixture.apply(
            .contact(.init(method: .email, summary: "Sent the visit time")),
            to: transition.complaint, by: Fixture.agent)
        #expect(again.complaint.firstRespondedAt == Fixture.now)
        #expect(again.events.first?["visibility"] == .string("internal"))
        #expect(again.events.first?["first_response"] == .bool(false))
    }

    @Test func aContactNeedsItsMethodAndSummary() {
        #expect(
            throws: LifecycleError.invalid([FieldError("method", "is required"), FieldError("summary", "is required")])
        ) {
            try Fixture.apply(.contact(.init(method: nil, summary: nil)), to: Fixture.complaint(.received))
        }
    }

    @Test func anApprovedProposalIsPutToTheCustomerAndSoIsAContact() throws {
        var complaint = Fixture.complaint(.proposed)
        complaint.firstRespondedAt = nil
        let transition = try Fixture.apply(.approve(comment: nil), to: complaint)
        #expect(transition.complaint.firstRespondedAt == Fixture.now)
        #expect(transition.events.first?["first_response"] == .bool(true))
    }

    @Test func theFirstReportStopsTheInvestigationReportClock() throws {
        let first = try Fixture.apply(
            .investigate(.init(report: "Seal torn in transit; carrier at fault")),
            to: Fixture.complaint(.assigned), by: Fixture.agent)
        #expect(first.complaint.investigationReportedAt == Fixture.now)
        #expect(first.complaint.investigation?.report == "Seal torn in transit; carrier at fault")
        #expect(first.events.first?["investigation_reported"] == .bool(true))
        var later = first.complaint
        later.investigationReportedAt = Fixture.at(hours: 1)
        let revised = try Fixture.apply(
            .investigate(.init(findings: "Two more units affected")), to: later, by: Fixture.agent)
        #expect(revised.complaint.investigationReportedAt == Fixture.at(hours: 1))
        #expect(revised.complaint.investigation?.report == "Seal torn in transit; carrier at fault")
        #expect(revised.events.first?["investigation_reported"] == .bool(false))
    }

    @Test func reassigningKeepsTheStatusAndTheFirstContact() throws {
        let transition = try Fixture.apply(
            .assign(.init(department: "logistics", assignee: "Han Meimei")),
            to: Fixture.complaint(.investigating))
        #expect(transition.complaint.status == .investigating)
        #expect(transition.complaint.firstRespondedAt == Fixture.at(hours: 1))
        #expect(transition.complaint.department == "logistics")
        #expect(transition.events.first?["previous_department"] == .string("after_sales"))
        #expect(transition.events.first?["previous_assignee"] == .string("Li Lei"))
        #expect(transition.events.first?["first_response"] == nil)
    }

    @Test func theDepartmentMustExist() {
        #expect(
            throws: LifecycleError.invalid([
                FieldError("department", "must be the key of a department in use; GET /v1/departments lists them")
            ])
        ) {
            try Fixture.apply(
                .assign(.init(department: "marketing", assignee: "Li Lei")), to: Fixture.complaint(.accepted))
        }
    }

    @Test func aBlankDepartmentIsNotLookedUp() throws {
        var asked: [String] = []
        #expect(throws: LifecycleError.invalid([FieldError("department", "must not be empty")])) {
            try Lifecycle.apply(
                .assign(.init(department: " ", assignee: "Li Lei")), to: Fixture.complaint(.accepted),
                by: Fixture.agent, settings: Fixture.settings, now: Fixture.now
            ) { key in
                asked.append(key)
                return true
            }
        }
        #expect(asked.isEmpty)
    }

    @Test func findingsAreMergedWithWhatWasAlreadyKnown() throws {
        let complaint = Fixture.complaint(.investigating)
        let transition = try Fixture.apply(.investigate(.init(rootCause: "A faulty seal batch")), to: complaint)
        #expect(
            transition.complaint.investigation
                == Complaint.Investigation(
                    findings: "The door seal is torn",
                    rootCause: "A faulty seal batch"))
        #expect(transition.events.first?["findings"] == .null)
        #expect(transition.events.first?["root_cause"] == .string("A faulty seal batch"))
    }

    @Test func startingTheInvestigationWithNothingFoundRecordsNoFindings() throws {
        let transition = try Fixture.apply(.investigate(.init()), to: Fixture.complaint(.assigned))
        #expect(transition.complaint.status == .investigating)
        #expect(transition.complaint.investigation == nil)
    }
}
