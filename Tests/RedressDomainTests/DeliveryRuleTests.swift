import RedressDomain
import Testing

@Suite struct DeliveryRuleTests {
    @Test(arguments: [
        ("complaint.*", "complaint.created", true), ("complaint.*", "complaint.sla_breached", true),
        ("complaint.*", "webhook.disabled", false), ("complaint.created", "complaint.created", true),
        ("complaint.created", "complaint.created_twice", false), ("*", "webhook.disabled", true),
        ("webhook.*", "webhook.disabled", true),
    ])
    func aPatternMatchesItsTypeOrEveryTypeUnderItsPrefix(_ pattern: String, _ type: String, _ matches: Bool) throws {
        #expect(try #require(EventTypePattern(pattern)).matches(type) == matches)
    }

    @Test(arguments: [
        "", "complaint", "complaint.", ".created", "complaint..created", "*.created", "complaint.*.x",
        "Complaint.created",
        "order.created", "complaint.crea ted", "complaint.**", "complaint.sla_*", "complaint.\u{0}",
        String(repeating: "a", count: 101),
    ])
    func refusesAMalformedPattern(_ text: String) {
        #expect(EventTypePattern(text) == nil)
    }

    @Test func retriesBackOffExponentiallyWithJitterUpToTheCap() {
        let policy = RetryPolicy(base: 10, cap: 3600)
        #expect(policy.delay(afterAttempts: 1, jitter: 0) == 10)
        #expect(policy.delay(afterAttempts: 2, jitter: 0) == 20)
        #expect(policy.delay(afterAttempts: 5, jitter: 0) == 160)
        #expect(policy.delay(afterAttempts: 1, jitter: 1) == 5)
        #expect(policy.delay(afterAttempts: 20, jitter: 0) == 3600)
        #expect(policy.delay(afterAttempts: 500, jitter: 0.5) == 2700)
        for attempts in 1...40 {
            let delay = policy.delay(afterAttempts: attempts, jitter: Double.random(in: 0...1))
            #expect((1...3600).contains(delay))
        }
    }

    @Test func aDeliveryIsGivenUpPastItsWindowAndASubscriptionAfterThreeDaysOfFailure() {
        let policy = RetryPolicy()
        let start = Instant(seconds: 1_796_000_000)
        #expect(
            policy.nextAttempt(afterAttempts: 1, at: start, expiresAt: start.adding(hours: 24), jitter: 0)
                == start.adding(seconds: 10))
        #expect(
            policy.nextAttempt(
                afterAttempts: 30, at: start.adding(hours: 23.5), expiresAt: start.adding(hours: 24), jitter: 0)
                == nil)
        #expect(!policy.disables(failingSince: start, at: start.adding(hours: 71)))
        #expect(policy.disables(failingSince: start, at: start.adding(hours: 72)))
    }

    @Test(arguments: [
        (200, AttemptVerdict.delivered), (204, .delivered), (299, .delivered), (410, .gone), (301, .failed),
        (302, .failed), (400, .failed), (404, .failed), (500, .failed), (503, .failed), (100, .failed),
    ])
    func aStatusIsJudged(_ status: Int, _ verdict: AttemptVerdict) {
        #expect(AttemptVerdict(status: status) == verdict)
    }

    @Test func noAnswerIsAFailure() {
        #expect(AttemptVerdict(status: nil) == .failed)
    }
}
