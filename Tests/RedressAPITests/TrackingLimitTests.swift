import Testing
import RedressDomain
import TestClient
@testable import RedressAPI

/// Guessing tracking codes: more than ten failures from an address in fifteen minutes are refused
/// until the window frees up. Failures are counted per address only, so that nobody can lock a
/// customer out of their own case.
@Suite struct TrackingLimitTests {
    @Test func theEleventhAttemptFromAnAddressIsRefusedUntilTheWindowFreesUp() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        for attempt in 1...10 {
            #expect(try service.track(complaint.number, code: "WRONG\(attempt)").status == 404)
            service.clock.advance(hours: 1.0 / 60)
        }
        // Ten minutes after the first failure: five to go until it leaves the window.
        let refused = try service.track(complaint.number, code: complaint.code)
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "300")
        #expect(try refused.json()["type"]?.string == "/problems/too-many-attempts")
        service.clock.advance(hours: 4.0 / 60)
        #expect(try service.track(complaint.number, code: complaint.code).status == 429)
        service.clock.advance(hours: 1.0 / 60)
        #expect(try service.track(complaint.number, code: complaint.code).status == 200)
        // One failure has left the window, so there is room for exactly one more.
        #expect(try service.track(complaint.number, code: "WRONG").status == 404)
        let again = try service.track(complaint.number, code: complaint.code)
        #expect(again.status == 429)
        #expect(again.header("Retry-After") == "60")
    }

    @Test func wrongCodesForACaseFromElsewhereNeverLockItsCustomerOut() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        // Someone at 127.0.0.2 and someone at 127.0.0.3 each guess until refused.
        for guesser in ["127.0.0.2", "127.0.0.3"] {
            for attempt in 1...10 {
                #expect(try service.track(complaint.number, code: "WRONG\(attempt)", from: guesser).status == 404)
            }
            #expect(try service.track(complaint.number, code: complaint.code, from: guesser).status == 429)
        }
        // The customer, at another address, is answered at once, and so is their feedback.
        let view = try service.track(complaint.number, code: complaint.code)
        #expect(view.status == 200)
        #expect(try view.json()["number"]?.string == complaint.number)
        #expect(try service.giveFeedback(complaint, json: #"{"satisfied":true,"score":5}"#).status != 429)
    }

    @Test func failuresOnManyNumbersFromOneAddressAddUp() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        for serial in 100..<110 {
            #expect(try service.track("202611-0\(serial)", code: "ANYTHING").status == 404)
        }
        let refused = try service.track(complaint.number, code: complaint.code)
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "900")
        let feedback = try service.giveFeedback(complaint, json: #"{"satisfied":true,"score":5}"#)
        #expect(feedback.status == 429)
        // A request without a code is malformed whatever the limit, and is not counted.
        let missing = try service.request("GET", "/v1/track/\(complaint.number)")
        #expect(missing.status == 400)
        #expect(missing.header("Retry-After") == nil)
        service.clock.advance(hours: 0.25)
        #expect(try service.track(complaint.number, code: complaint.code).status == 200)
    }

    @Test func successfulLookupsNeitherCountNorClearFailures() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        for _ in 1...9 { _ = try service.track(complaint.number, code: "WRONG") }
        for _ in 1...20 { #expect(try service.track(complaint.number, code: complaint.code).status == 200) }
        #expect(try service.track(complaint.number, code: "WRONG").status == 404)
        #expect(try service.track(complaint.number, code: complaint.code).status == 429)
    }

    @Test func wrongCodesOnFeedbackCountToo() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        for _ in 1...10 {
            #expect(
                try service.giveFeedback(complaint, json: #"{"satisfied":true,"score":5}"#, code: "WRONG").status == 404
            )
        }
        #expect(try service.track(complaint.number, code: complaint.code).status == 429)
    }

    @Test func anAddressIsLimitedAloneWhicheverNumbersItGuesses() {
        let attempts = TrackingAttempts()
        let now = Instant(seconds: 1_000_000)
        for _ in 1...10 { attempts.recordFailure(address: "10.0.0.1", now: now) }
        attempts.recordFailure(address: "10.0.0.2", now: now)
        #expect(attempts.retryAfter(address: "10.0.0.1", now: now) == 900)
        #expect(attempts.retryAfter(address: "10.0.0.1", now: now.adding(seconds: 899)) == 1)
        #expect(attempts.retryAfter(address: "10.0.0.1", now: now.adding(seconds: 900)) == nil)
        #expect(attempts.retryAfter(address: "10.0.0.2", now: now) == nil)
    }

    @Test func theLogForgetsExpiredKeysFirstAndStaysWithinItsCapacity() {
        var log = FailureLog(limit: 2, window: 60, capacity: 8)
        let start = Instant(seconds: 0)
        log.record("old", now: start)
        log.record("old", now: start)
        for index in 0..<8 { log.record("new\(index)", now: start.adding(seconds: 61 + Int64(index))) }
        #expect(log.count == 8)
        #expect(log.reopening(of: "old", now: start.adding(seconds: 30)) == nil)
        for index in 8..<20 { log.record("new\(index)", now: start.adding(seconds: 100 + Int64(index))) }
        #expect(log.count <= 8)
        log.record("new19", now: start.adding(seconds: 130))
        #expect(log.reopening(of: "new19", now: start.adding(seconds: 130)) == start.adding(seconds: 179))
    }
}
