import Testing
import RedressDomain

/// "Duplicate complaints are merged, and handled once": a duplicate ends as `merged` into another
/// open complaint, and no merge can point at itself, an ended complaint or a merged one.
@Suite struct MergeRuleTests {
    typealias Fixture = LifecycleFixture

    private static func merge(into ref: String) -> ActionInput {
        .merge(into: ref, reason: "The same leak, reported twice")
    }

    @Test func aDuplicateEndsMergedIntoTheSurvivorWithItsClocksStopped() throws {
        let duplicate = Fixture.complaint(.awaitingCustomer)
        let transition = try Fixture.apply(Self.merge(into: "202611-0043"), to: duplicate, by: Fixture.agent)
        let merged = transition.complaint
        #expect(merged.status == .merged)
        #expect(merged.mergedInto == Complaint.Reference(id: 8, number: CaseNumber(month: "202611", serial: 43)))
        #expect(merged.closedAt == Fixture.now)
        #expect(merged.awaitingSince == nil && merged.awaitingFrom == nil)
        let event = try #require(transition.events.first)
        #expect(event.type == "complaint.merged")
        #expect(event.fromStatus == .awaitingCustomer)
        #expect(event["duplicate"] == .string("202611-0042"))
        #expect(event["survivor"] == .string("202611-0043"))
        #expect(event["survivor_id"] == .int(8))
        #expect(event["reason"] == .string("The same leak, reported twice"))
    }

    @Test func aComplaintIsNotMergedIntoItself() {
        let duplicate = Fixture.complaint(.investigating)
        #expect(
            throws: LifecycleError.invalid([
                FieldError("into", "must name another complaint: a complaint is not merged into itself")
            ])
        ) {
            try Fixture.apply(Self.merge(into: "7"), to: duplicate, survivor: duplicate)
        }
    }

    @Test(arguments: [Status.closed, .rejected, .withdrawn])
    func aComplaintIsNotMergedIntoAnEndedOne(_ status: Status) {
        var survivor = Fixture.complaint(status)
        survivor.id = 8
        survivor.number = CaseNumber(month: "202611", serial: 43)
        #expect(
            throws: LifecycleError.invalid([
                FieldError("into", "must name an open complaint: 202611-0043 is \(status.rawValue)")
            ])
        ) {
            try Fixture.apply(Self.merge(into: "8"), to: Fixture.complaint(.received), survivor: survivor)
        }
    }

    @Test func aComplaintIsNotMergedIntoAMergedOneWhichNamesItsOwnSurvivor() {
        var survivor = Fixture.complaint(.merged)
        survivor.id = 9
        survivor.number = CaseNumber(month: "202611", serial: 44)
        #expect(
            throws: LifecycleError.invalid([
                FieldError(
                    "into",
                    "must not name a merged complaint: 202611-0044 is merged itself; merge into 202611-0043 instead")
            ])
        ) {
            try Fixture.apply(Self.merge(into: "202611-0044"), to: Fixture.complaint(.received), survivor: survivor)
        }
    }

    @Test func anUnknownSurvivorIsNamedAndAShapelessOneIsRefusedBeforeLookingItUp() {
        #expect(
            throws: LifecycleError.invalid([
                FieldError("into", "must name an existing complaint; no complaint 202611-9999 exists")
            ])
        ) {
            try Fixture.apply(Self.merge(into: "202611-9999"), to: Fixture.complaint(.received), survivor: nil)
        }
        for bad in ["", "0x12", "2026-11-0001", "1; DROP TABLE complaints", "12\u{0}"] {
            let errors = Self.merge(into: bad).validate()
            #expect(errors.map(\.field) == ["into"], "\(bad)")
        }
        #expect(ActionInput.merge(into: nil, reason: nil).validate().map(\.field) == ["into", "reason"])
    }

    @Test func aMergedComplaintTakesNoFurtherMergeSoMergesMakeNoLoop() {
        #expect(throws: LifecycleError.notAllowed(status: .merged, allowed: [])) {
            try Fixture.apply(Self.merge(into: "202611-0043"), to: Fixture.complaint(.merged))
        }
    }
}
