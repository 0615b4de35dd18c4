import Testing
import RedressDomain

/// Proposing a remedy, the approval threshold, approving and sending back (DOMAIN.md step 7).
@Suite struct ProposalTests {
    typealias Fixture = LifecycleFixture

    static func proposal(_ remedies: [Remedy], amount: Int64?, currency: String? = nil) -> ActionInput {
        .propose(
            .init(
                remedies: remedies, amountMinor: amount, currency: currency, description: "A remedy",
                rootCause: "A faulty seal batch"))
    }

    @Test(arguments: [
        ([Remedy.refundPartial], Int64(50_000) as Int64?, Status.approved),
        ([.refundPartial], 50_001, .proposed),
        ([.compensation, .apology], 0, .approved),
        ([.apology, .explanation], nil, .approved),
        ([.refundFull], 0, .proposed),
        ([.apology, .refundFull], 100, .proposed),
    ])
    func aProposalWithinTheThresholdAndWithoutAFullRefundIsApprovedAtOnce(
        remedies: [Remedy], amount: Int64?, status: Status
    ) throws {
        let transition = try Fixture.apply(
            Self.proposal(remedies, amount: amount), to: Fixture.complaint(.investigating),
            by: Fixture.agent)
        let proposal = try #require(transition.complaint.proposal)
        #expect(transition.complaint.status == status)
        if status == .approved {
            #expect(proposal.approvedBy == "auto")
            #expect(proposal.approvedAt == Fixture.now)
            #expect(transition.events.map(\.type) == ["complaint.proposed", "complaint.approved"])
            #expect(
                transition.events.last
                    == DomainEvent(
                        type: "complaint.approved", fromStatus: .proposed, toStatus: .approved,
                        data: [
                            ("auto", .bool(true)), ("approved_by", .string("auto")), ("comment", .null),
                            ("threshold_minor", .int(50_000)),
                            ("first_response", .bool(false)),
                        ]))
        } else {
            #expect(proposal.approvedBy == nil)
            #expect(proposal.approvedAt == nil)
            #expect(transition.events.map(\.type) == ["complaint.proposed"])
        }
    }

    @Test func theThresholdIsTheSettingsOwn() throws {
        var settings = Fixture.settings
        settings.approval.thresholdMinor = 0
        let withinIt = try Fixture.apply(
            Self.proposal([.apology], amount: nil), to: Fixture.complaint(.investigating),
            settings: settings)
        let aboveIt = try Fixture.apply(
            Self.proposal([.compensation], amount: 1), to: Fixture.complaint(.investigating),
            settings: settings)
        #expect(withinIt.complaint.status == .approved)
        #expect(aboveIt.complaint.status == .proposed)
    }

    @Test func aProposalRecordsTheRemedyRootCauseAndResponsibility() throws {
        let responsibility = Complaint.Responsibility(
            department: "logistics", person: "Wang Qiang", penaltyMinor: 20_000)
        let input = ActionInput.propose(
            .init(
                remedies: [.replacement, .compensation], amountMinor: 60_000,
                description: "A new machine and 600 CNY", rootCause: "Rough handling",
                responsibility: responsibility))
        let transition = try Fixture.apply(input, to: Fixture.complaint(.investigating))
        let complaint = transition.complaint
        #expect(
            complaint.proposal
                == Complaint.Proposal(
                    remedies: [.replacement, .compensation], amountMinor: 60_000,
                    currency: "CNY", description: "A new machine and 600 CNY"))
        #expect(
            complaint.investigation
                == Complaint.Investigation(findings: "The door seal is torn", rootCause: "Rough handling"))
        #expect(complaint.responsibility == responsibility)
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.proposed", fromStatus: .investigating, toStatus: .proposed,
                    data: [
                        ("remedies", .array([.string("replacement"), .string("compensation")])),
                        ("amount_minor", .int(60_000)),
                        ("currency", .string("CNY")), ("description", .string("A new machine and 600 CNY")),
                        ("root_cause", .string("Rough handling")), ("responsible_department", .string("logistics")),
                        ("responsible_person", .string("Wang Qiang")), ("penalty_minor", .int(20_000)),
                    ])
            ])
    }

    @Test func aProposalWithoutResponsibilityKeepsTheEarlierFinding() throws {
        var complaint = Fixture.complaint(.investigating)
        let earlier = Complaint.Responsibility(department: "after_sales", person: nil, penaltyMinor: nil)
        complaint.responsibility = earlier
        let transition = try Fixture.apply(Self.proposal([.apology], amount: nil), to: complaint)
        #expect(transition.complaint.responsibility == earlier)
    }

    @Test func theResponsibleDepartmentMustExist() {
        let input = ActionInput.propose(
            .init(
                remedies: [.apology], description: "Sorry", rootCause: "Rude staff",
                responsibility: .init(department: "marketing", person: nil, penaltyMinor: nil)))
        #expect(
            throws: LifecycleError.invalid([
                FieldError(
                    "responsibility.department",
                    "must be the key of a department in use; GET /v1/departments lists them")
            ])
        ) {
            try Fixture.apply(input, to: Fixture.complaint(.investigating))
        }
    }

    @Test(arguments: [
        ([Remedy.compensation], Int64(100) as Int64?, nil as String?, "EUR" as String?),
        ([.compensation], 100, "USD", "USD"),
        ([.apology], nil, nil, nil),
    ])
    func theCurrencyDefaultsToTheSettingsWhenThereIsAnAmount(
        remedies: [Remedy], amount: Int64?, given: String?, recorded: String?
    ) throws {
        var settings = Fixture.settings
        settings.currency = "EUR"
        let transition = try Fixture.apply(
            Self.proposal(remedies, amount: amount, currency: given),
            to: Fixture.complaint(.investigating), settings: settings)
        #expect(transition.complaint.proposal?.currency == recorded)
    }

    @Test func aSupervisorsApprovalRecordsWhoAndWhen() throws {
        let transition = try Fixture.apply(.approve(comment: "Fine"), to: Fixture.complaint(.proposed))
        #expect(transition.complaint.status == .approved)
        #expect(transition.complaint.proposal?.approvedBy == "Zhang Wei")
        #expect(transition.complaint.proposal?.approvedAt == Fixture.now)
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.approved", fromStatus: .proposed, toStatus: .approved,
                    data: [
                        ("auto", .bool(false)), ("approved_by", .string("Zhang Wei")), ("comment", .string("Fine")),
                        ("threshold_minor", .null),
                        ("first_response", .bool(false)),
                    ])
            ])
    }

    @Test func sendingBackReturnsToInvestigationAndDropsTheProposal() throws {
        let transition = try Fixture.apply(.sendBack(comment: "Offer a repair first"), to: Fixture.complaint(.proposed))
        #expect(transition.complaint.status == .investigating)
        #expect(transition.complaint.proposal == nil)
        #expect(transition.complaint.investigation?.rootCause == "A faulty seal batch")
        #expect(
            transition.events == [
                DomainEvent(
                    type: "complaint.sent_back", fromStatus: .proposed, toStatus: .investigating,
                    data: [("comment", .string("Offer a repair first"))])
            ])
    }
}
