import Testing
import TestClient
@testable import RedressAPI

/// Failed sign-ins are slowed per address (hard) and per account (a growing wait, only for
/// addresses that failed for it), so guessing is slow and nobody can lock another person out.
@Suite struct SignInLimitTests {
    @Test func anAddressWithTooManyFailuresWaitsWhateverItTries() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        // Ten failures for ten different accounts: no account wait applies, the address limit does.
        for index in 1...10 {
            let response = try service.signInResponse(
                "guess\(index)@example.com", "wrong password", source: "127.0.0.2")
            #expect(response.status == 401, "attempt \(index)")
        }
        let refused = try service.signInResponse("li.na@example.com", "correct horse battery", source: "127.0.0.2")
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "900")
        #expect(try refused.json()["type"]?.string == "/problems/too-many-attempts")
        // Another address is not held back, and the owner gets in.
        #expect(
            try service.signInResponse("li.na@example.com", "correct horse battery", source: "127.0.0.3").status == 201)
        service.clock.advance(seconds: 15 * 60)
        #expect(
            try service.signInResponse("li.na@example.com", "correct horse battery", source: "127.0.0.2").status == 201)
    }

    @Test func anAccountUnderAttackMakesTheAttackerWaitLongerAndLongerButNotItsOwner() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        for _ in 1...3 {
            #expect(try service.signInResponse("li.na@example.com", "guess", source: "127.0.0.4").status == 401)
        }
        // After the third failure, the attacking address waits 1 s, then 2 s after the fourth.
        let held = try service.signInResponse("li.na@example.com", "correct horse battery", source: "127.0.0.4")
        #expect(held.status == 429 && held.header("Retry-After") == "1")
        service.clock.advance(seconds: 1)
        #expect(try service.signInResponse("li.na@example.com", "guess", source: "127.0.0.4").status == 401)
        #expect(
            try service.signInResponse("li.na@example.com", "guess", source: "127.0.0.4").header("Retry-After") == "2")
        // Failures from other addresses count for the account too: a fresh address gets one try,
        // then waits as long as the account's failures say.
        #expect(try service.signInResponse("li.na@example.com", "guess", source: "127.0.0.5").status == 401)
        #expect(
            try service.signInResponse("li.na@example.com", "guess", source: "127.0.0.5").header("Retry-After") == "4")
        // The owner, from an address that has not failed for the account, signs in at once.
        #expect(
            try service.signInResponse("li.na@example.com", "correct horse battery", source: "127.0.0.6").status == 201)
        // An unknown account is slowed alike, so the wait tells nothing either.
        for _ in 1...3 { _ = try service.signInResponse("ghost@example.com", "guess", source: "127.0.0.7") }
        #expect(try service.signInResponse("ghost@example.com", "guess", source: "127.0.0.7").status == 429)
        // The wait is bounded: after many failures, 5 minutes at most.
        var waits: [Int64] = []
        for _ in 1...40 {
            let response = try service.signInResponse("li.na@example.com", "guess", source: "127.0.0.8")
            guard response.status == 429, let wait = response.header("Retry-After").flatMap({ Int64($0) }) else {
                continue
            }
            waits.append(wait)
            if wait == 300 { break }
            service.clock.advance(seconds: wait)
        }
        #expect(waits.last == 300 && waits.allSatisfy { $0 <= 300 } && waits == waits.sorted(), "\(waits)")
    }

    @Test func failingToProveTheCurrentPasswordCountsAsAFailedSignIn() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        let session = try service.signIn("li.na@example.com", source: "127.0.0.9")
        for _ in 1...3 {
            let response = try service.request(
                "POST", "/v1/users/me/password",
                json: #"{"current_password":"a guess at it","new_password":"a new long passphrase"}"#,
                headers: session.changing, source: "127.0.0.9")
            #expect(response.status == 422)
        }
        let held = try service.request(
            "POST", "/v1/users/me/password",
            json: #"{"current_password":"correct horse battery","new_password":"a new long passphrase"}"#,
            headers: session.changing, source: "127.0.0.9")
        #expect(held.status == 429)
    }
}
