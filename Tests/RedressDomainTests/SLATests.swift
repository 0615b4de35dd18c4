import Testing
import RedressDomain

/// `SLA.evaluate` at the edges of each limit, with the clock passed in. The fixture's complaint is
/// normal priority: first response due 24 h and resolution 168 h after receipt; at risk from 80 %.
@Suite struct SLATests {
    typealias Fixture = LifecycleFixture

    static func evaluate(_ complaint: Complaint, atHours hours: Double) -> SLA {
        SLA.evaluate(complaint, atRiskRatio: 0.8, now: Fixture.at(hours: hours))
    }

    static func evaluate(_ complaint: Complaint, at instant: Instant) -> SLA {
        SLA.evaluate(complaint, atRiskRatio: 0.8, now: instant)
    }

    @Test func aFreshComplaintIsOnTrack() {
        #expect(
            Self.evaluate(Fixture.complaint(.received), atHours: 1) == SLA(state: .onTrack, breached: [], atRisk: []))
    }

    @Test func aLimitIsAtRiskExactlyAtTheRatioAndNotASecondBefore() {
        let complaint = Fixture.complaint(.received)
        let atRatio = Fixture.at(hours: 24 * 0.8)
        #expect(Self.evaluate(complaint, at: atRatio.adding(seconds: -1)).state == .onTrack)
        #expect(Self.evaluate(complaint, at: atRatio) == SLA(state: .atRisk, breached: [], atRisk: [.firstResponse]))
    }

    @Test func aLimitIsBreachedOneSecondAfterItIsDueAndNotAtTheDueMoment() {
        let complaint = Fixture.complaint(.received)
        let due = complaint.firstResponseDueAt
        #expect(Self.evaluate(complaint, at: due).state == .atRisk)
        #expect(
            Self.evaluate(complaint, at: due.adding(seconds: 1))
                == SLA(state: .breached, breached: [.firstResponse], atRisk: []))
    }

    @Test func aLimitMetInTimeNoLongerCounts() {
        let complaint = Fixture.complaint(.assigned)
        #expect(Self.evaluate(complaint, atHours: 100) == SLA(state: .onTrack, breached: [], atRisk: []))
    }

    @Test func aLimitMetLateStaysBreached() {
        var complaint = Fixture.complaint(.assigned)
        complaint.firstRespondedAt = complaint.firstResponseDueAt.adding(seconds: 1)
        #expect(Self.evaluate(complaint, atHours: 30).breached == [.firstResponse])
    }

    @Test func breachedLimitsAreListedInOrderAndOutrankAtRiskOnes() {
        var complaint = Fixture.complaint(.received)
        complaint.resolutionDueAt = Fixture.at(hours: 30)
        #expect(
            Self.evaluate(complaint, atHours: 25)
                == SLA(state: .breached, breached: [.firstResponse], atRisk: [.resolution]))
        #expect(Self.evaluate(complaint, atHours: 31).breached == [.firstResponse, .resolution])
    }

    @Test func anEndedComplaintsClocksStopAtClosedAt() {
        var complaint = Fixture.complaint(.withdrawn)
        complaint.closedAt = Fixture.at(hours: 23)
        #expect(Self.evaluate(complaint, atHours: 1_000) == SLA(state: .onTrack, breached: [], atRisk: []))
        complaint.closedAt = Fixture.at(hours: 25)
        #expect(
            Self.evaluate(complaint, atHours: 1_000) == SLA(state: .breached, breached: [.firstResponse], atRisk: []))
    }

    @Test func aRejectionMeetsTheResolutionLimit() {
        var complaint = Fixture.complaint(.rejected)
        complaint.closedAt = Fixture.at(hours: 160)
        complaint.firstRespondedAt = Fixture.at(hours: 160)
        #expect(Self.evaluate(complaint, atHours: 1_000).breached == [.firstResponse])
    }

    @Test func theFollowUpLimitCountsFromTheResolution() throws {
        let complaint = Fixture.complaint(.resolved)
        let due = try #require(complaint.followUpDueAt)
        #expect(
            Self.evaluate(complaint, at: Fixture.at(hours: 3 + 24 * 0.8))
                == SLA(state: .atRisk, breached: [], atRisk: [.followUp]))
        #expect(Self.evaluate(complaint, at: due).state == .atRisk)
        #expect(
            Self.evaluate(complaint, at: due.adding(seconds: 1))
                == SLA(state: .breached, breached: [.followUp], atRisk: []))
    }

    @Test func aFollowUpRecordedAfterTheResolutionMeetsItsLimit() {
        var complaint = Fixture.complaint(.resolved)
        complaint.satisfaction = Complaint.Satisfaction(
            satisfied: false, score: 2, comment: nil, method: .phone,
            recordedAt: Fixture.at(hours: 4))
        #expect(Self.evaluate(complaint, atHours: 100).breached.isEmpty)
    }

    @Test func aFollowUpFromAnEarlierRoundDoesNotMeetTheNewLimit() {
        var complaint = Fixture.complaint(.resolved)
        complaint.satisfaction = Complaint.Satisfaction(
            satisfied: false, score: 2, comment: nil, method: .phone,
            recordedAt: Fixture.at(hours: 2))
        #expect(Self.evaluate(complaint, atHours: 100).breached == [.followUp])
    }

    @Test func aClosedComplaintWasFollowedUpInTime() {
        #expect(
            Self.evaluate(Fixture.complaint(.closed), atHours: 1_000) == SLA(state: .onTrack, breached: [], atRisk: []))
    }

    @Test func noFollowUpIsDueBeforeResolution() {
        let sla = Self.evaluate(Fixture.complaint(.approved), atHours: 100)
        #expect(!sla.breached.contains(.followUp))
        #expect(!sla.atRisk.contains(.followUp))
    }

    @Test func theNextChangeIsEachLimitsAtRiskMomentThenTheSecondAfterItIsDue() throws {
        var complaint = Fixture.complaint(.received)
        let next = { (now: Instant) in SLA.nextChange(of: complaint, atRiskRatio: 0.8, after: now) }
        let firstAtRisk = Fixture.at(hours: 24 * 0.8)
        #expect(next(Fixture.at(hours: 1)) == firstAtRisk)
        #expect(next(firstAtRisk) == complaint.firstResponseDueAt.adding(seconds: 1))
        #expect(next(complaint.firstResponseDueAt.adding(seconds: 1)) == Fixture.at(hours: 168 * 0.8))
        #expect(next(complaint.resolutionDueAt.adding(seconds: 1)) == nil)
        // At each moment the evaluation changes, and not a second before it.
        var moment = Fixture.at(hours: 0)
        while let change = next(moment) {
            #expect(Self.evaluate(complaint, at: change) != Self.evaluate(complaint, at: change.adding(seconds: -1)))
            #expect(Self.evaluate(complaint, at: change.adding(seconds: -1)) == Self.evaluate(complaint, at: moment))
            moment = change
        }
        // A limit met counts no more; an ended complaint has nothing coming.
        complaint.firstRespondedAt = Fixture.at(hours: 2)
        #expect(next(Fixture.at(hours: 3)) == Fixture.at(hours: 168 * 0.8))
        #expect(SLA.nextChange(of: Fixture.complaint(.closed), atRiskRatio: 0.8, after: Fixture.at(hours: 3)) == nil)
        let resolved = Fixture.complaint(.resolved)
        #expect(
            SLA.nextChange(of: resolved, atRiskRatio: 0.8, after: Fixture.at(hours: 4))
                == Fixture.at(hours: 3 + 24 * 0.8))
    }
}
