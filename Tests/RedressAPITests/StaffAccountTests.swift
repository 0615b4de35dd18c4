import Dispatch
import Foundation
import JSON
import RedressCasework
import RedressDomain
import RedressStore
import Synchronization
import Testing
import TestClient
@testable import RedressAPI

/// Staff accounts: users an admin creates, who sign in with a password and act through a session
/// cookie on every route, with the same roles as keys.
@Suite struct StaffAccountTests {
    @Test func aUserSignsInAndActsAsThemselvesWithTheSessionCookie() throws {
        let service = try TestService()
        let id = try service.createUser("li.na@example.com", name: "李娜", department: "quality")
        let response = try service.signInResponse("Li.Na@Example.com", "correct horse battery")
        #expect(response.status == 201)
        let cookie = try #require(response.header("Set-Cookie"))
        #expect(cookie.hasPrefix("redress_session="))
        for attribute in ["; Path=/", "; HttpOnly", "; SameSite=Lax", "; Max-Age=604800"] {
            #expect(cookie.contains(attribute), "\(attribute) in \(cookie)")
        }
        #expect(!cookie.contains("Secure"), "no TLS and no REDRESS_COOKIE_SECURE")
        #expect(response.header("Cache-Control") == "no-store")
        let body = try response.json()
        #expect(body["user"]?["id"]?.int == id && body["user"]?["display_name"]?.string == "李娜")
        #expect(body["user"]?["password_hash"] == nil && !response.text.contains("pbkdf2"))
        #expect(body["csrf_token"]?.string?.count == 64)
        #expect(body["expires_at"]?.string == "2026-11-29T05:40:17Z")
        let session = try service.signIn("li.na@example.com")

        let me = try service.request("GET", "/v1/me", headers: session.reading)
        #expect(me.status == 200)
        #expect(try me.json()["kind"]?.string == "user" && me.json()["user"]?["email"]?.string == "li.na@example.com")
        #expect(try me.json()["csrf_token"]?.string == session.csrf, "a page loaded anew learns its CSRF token")
        #expect(try service.request("GET", "/v1/users/me", headers: session.reading).json()["id"]?.int == id)

        // Reads and changes on the API's routes, as the user.
        #expect(try service.request("GET", "/v1/complaints", headers: session.reading).status == 200)
        let created = try service.request("POST", "/v1/complaints", json: complaintJSON(), headers: session.changing)
        #expect(created.status == 201, "\(created.text)")
        let complaint = try created.json()
        #expect(complaint["received_by"]?.string == "李娜 (user:\(id))")
        let timeline = try service.timeline(try #require(complaint["id"]?.int))
        #expect(timeline.first?["actor"]?.string == "李娜 (user:\(id))")
        // A user's role is the key's: an agent may not manage users or keys.
        #expect(try service.request("GET", "/v1/users", headers: session.reading).status == 403)
        #expect(try service.request("GET", "/v1/api-keys", headers: session.reading).status == 403)
        // Retried with the same Idempotency-Key in the same session, the registration is replayed.
        let headers = session.changing + [("Idempotency-Key", "phone-1")]
        let first = try service.request("POST", "/v1/complaints", json: complaintJSON(), headers: headers)
        let again = try service.request("POST", "/v1/complaints", json: complaintJSON(), headers: headers)
        #expect(first.status == 201 && again.status == 201 && again.header("Idempotent-Replayed") == "true")
        #expect(try first.json()["id"] == again.json()["id"])
    }

    @Test func anAPIKeyIsUnaffectedByACookieAndKnowsItselfAtMe() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        let session = try service.signIn("li.na@example.com")
        // With an Authorization field the key decides, and needs no CSRF token.
        let created = try service.request(
            "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(), headers: session.reading)
        #expect(created.status == 201)
        #expect(try created.json()["received_by"]?.string == "admin")
        let me = try service.request("GET", "/v1/me", key: service.adminKey).json()
        #expect(me["kind"]?.string == "api_key" && me["role"]?.string == "admin" && me["user"] == .null)
        #expect(me["csrf_token"] == .null)
        // A key has no session to end, nor a password to change.
        #expect(try service.request("DELETE", "/v1/sessions/current", key: service.adminKey).status == 403)
        #expect(
            try service.request(
                "POST", "/v1/users/me/password", key: service.adminKey,
                json: #"{"current_password":"correct horse battery","new_password":"another long one"}"#
            ).status == 403)
        // The rows standing for users are no keys: not listed, not revocable.
        let keys = try service.request("GET", "/v1/api-keys", key: service.adminKey).json()["data"]?.array ?? []
        #expect(keys.count == 1 && keys.allSatisfy { $0["prefix"]?.string?.hasPrefix("rk_") == true })
        let principal = try service.database.read {
            try #require(try $0.first("SELECT id FROM api_keys WHERE user_id IS NOT NULL")).get(0) as Int64
        }
        #expect(try service.request("DELETE", "/v1/api-keys/\(principal)", key: service.adminKey).status == 404)
        #expect(try service.request("GET", "/v1/me", headers: session.reading).status == 200)
    }

    @Test func aWrongPasswordAndAnUnknownAccountGetTheSameAnswer() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        let wrong = try service.signInResponse("li.na@example.com", "not the password at all")
        let unknown = try service.signInResponse("nobody@example.com", "correct horse battery")
        for response in [wrong, unknown] {
            #expect(response.status == 401)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.header("Set-Cookie") == nil)
        }
        #expect(wrong.text == unknown.text)
        #expect(try wrong.json()["type"]?.string == "/problems/sign-in-failed")
    }

    @Test func aChangeWithASessionNeedsItsCSRFTokenAndThisOrigin() throws {
        let service = try TestService { $0.origins = ["https://console.example.com"] }
        try service.createUser("li.na@example.com")
        let session = try service.signIn("li.na@example.com")
        let other = try service.signIn("li.na@example.com")
        let cases: [(headers: [(String, String)], type: String)] = [
            ([("Cookie", session.cookie), ("Origin", "http://localhost")], "/problems/csrf-token-missing"),
            (
                [("Cookie", session.cookie), ("Origin", "http://localhost"), ("X-CSRF-Token", other.csrf)],
                "/problems/csrf-token-missing"
            ),
            (
                [
                    ("Cookie", session.cookie), ("Origin", "http://localhost"), ("X-CSRF-Token", session.csrf),
                    ("X-CSRF-Token", session.csrf),
                ], "/problems/csrf-token-missing"
            ),
            ([("Cookie", session.cookie), ("X-CSRF-Token", session.csrf)], "/problems/origin-missing"),
            (
                [("Cookie", session.cookie), ("X-CSRF-Token", session.csrf), ("Origin", "https://evil.example")],
                "/problems/origin-not-allowed"
            ),
            (
                [("Cookie", session.cookie), ("X-CSRF-Token", session.csrf), ("Origin", "null")],
                "/problems/origin-not-allowed"
            ),
            (
                [
                    ("Cookie", session.cookie), ("X-CSRF-Token", session.csrf),
                    ("Referer", "http://localhost.evil.example/console/"),
                ], "/problems/origin-not-allowed"
            ),
        ]
        for (headers, type) in cases {
            let response = try service.request("POST", "/v1/complaints", json: complaintJSON(), headers: headers)
            #expect(response.status == 403, "\(headers)")
            #expect(try response.json()["type"]?.string == type, "\(headers): \(response.text)")
        }
        #expect(
            try service.request("GET", "/v1/complaints", key: service.adminKey).json()["data"]?.array?.isEmpty == true)
        // The server's own origin, a Referer on it, and an allowed origin all pass.
        for source in [
            ("Origin", "http://localhost"), ("Referer", "http://localhost/console/queue?x=1"),
            ("Origin", "https://console.example.com"),
        ] {
            let headers = [("Cookie", session.cookie), ("X-CSRF-Token", session.csrf), source]
            #expect(
                try service.request("POST", "/v1/complaints", json: complaintJSON(), headers: headers).status == 201)
        }
        // A foreign page cannot sign a browser in either.
        let foreign = try service.request(
            "POST", "/v1/sessions", json: #"{"email":"li.na@example.com","password":"correct horse battery"}"#,
            headers: [("Origin", "https://evil.example")])
        #expect(foreign.status == 403 && foreign.header("Set-Cookie") == nil)
    }

    @Test func theCookieIsSecureWhenTheServiceSaysItIsServedOverHTTPS() throws {
        let service = try TestService { $0.cookieSecure = true }
        try service.createUser("li.na@example.com")
        let response = try service.signInResponse(
            "li.na@example.com", "correct horse battery", headers: [("X-Ignored", "1")])
        // Over HTTPS the page's origin is https; plain http is then foreign.
        #expect(response.status == 403)
        let secure = try service.request(
            "POST", "/v1/sessions", json: #"{"email":"li.na@example.com","password":"correct horse battery"}"#,
            headers: [("Origin", "https://localhost")])
        #expect(secure.status == 201)
        #expect(secure.header("Set-Cookie")?.hasSuffix("; Secure") == true)
    }

    @Test func signingOutEndsTheSessionAndClearsTheCookie() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        let session = try service.signIn("li.na@example.com")
        let other = try service.signIn("li.na@example.com")
        // Signing out is a change: it needs the token too.
        #expect(try service.request("DELETE", "/v1/sessions/current", headers: session.reading).status == 403)
        let out = try service.request("DELETE", "/v1/sessions/current", headers: session.changing)
        #expect(out.status == 204)
        #expect(out.header("Set-Cookie")?.hasPrefix("redress_session=; Path=/; Max-Age=0") == true)
        let after = try service.request("GET", "/v1/me", headers: session.reading)
        #expect(after.status == 401)
        #expect(after.header("Set-Cookie")?.contains("Max-Age=0") == true)
        #expect(try service.request("GET", "/v1/me", headers: other.reading).status == 200, "only this session ended")
        // A cookie that is no token of ours is no session: the request has no credentials.
        for cookie in ["redress_session=abc", "redress_session=" + String(repeating: "g", count: 64), "other=1"] {
            #expect(try service.request("GET", "/v1/complaints", headers: [("Cookie", cookie)]).status == 401)
        }
    }

    @Test func aSessionEndsWhenIdleAndAtItsAbsoluteEndAndRecordsUseAtMostOnceAMinute() throws {
        let service = try TestService {
            $0.sessionIdleMinutes = 30
            $0.sessionMaxHours = 1
        }
        try service.createUser("li.na@example.com")
        let session = try service.signIn("li.na@example.com")
        let digest = SessionToken.digest(of: session.token)
        func lastSeen() throws -> Int64 {
            try service.database.read {
                try #require(try $0.first("SELECT last_seen_at FROM sessions WHERE digest = ?", digest)).get(0)
            }
        }
        let signedIn = try lastSeen()
        service.clock.advance(seconds: 30)
        #expect(try service.request("GET", "/v1/complaints", headers: session.reading).status == 200)
        #expect(try lastSeen() == signedIn, "a use within a minute of the last is not written")
        service.clock.advance(seconds: 31)
        #expect(try service.request("GET", "/v1/complaints/1", headers: session.reading).status == 404)
        #expect(try lastSeen() == signedIn + 61, "a use after a minute is written, on a worker if need be")
        // Used every 25 minutes, it stays until its absolute end (1 hour after signing in).
        service.clock.advance(seconds: 25 * 60)
        #expect(try service.request("GET", "/v1/me", headers: session.reading).status == 200)
        service.clock.advance(seconds: 25 * 60)
        #expect(try service.request("GET", "/v1/me", headers: session.reading).status == 200)
        service.clock.advance(seconds: 9 * 60)
        let ended = try service.request("GET", "/v1/me", headers: session.reading)
        #expect(ended.status == 401)
        #expect(try ended.json()["detail"]?.string?.contains("expired") == true)
        // Left unused for more than 30 minutes, a session ends.
        let idle = try service.signIn("li.na@example.com")
        service.clock.advance(seconds: 29 * 60)
        #expect(try service.request("GET", "/v1/me", headers: idle.reading).status == 200)
        service.clock.advance(seconds: 31 * 60)
        #expect(try service.request("GET", "/v1/me", headers: idle.reading).status == 401)
    }

    @Test func deactivatingAUserEndsTheirSessionsAndTheirSignIns() throws {
        let service = try TestService()
        let id = try service.createUser("li.na@example.com")
        let session = try service.signIn("li.na@example.com")
        let stale = try service.request(
            "PATCH", "/v1/users/\(id)", key: service.adminKey, json: #"{"active":false}"#,
            headers: [("If-Match", "\"7\"")])
        #expect(stale.status == 412)
        // A bad body is refused as such before the version is compared.
        let empty = try service.request(
            "PATCH", "/v1/users/\(id)", key: service.adminKey, json: #"{"active":false,"department":""}"#,
            headers: [("If-Match", "\"7\"")])
        #expect(empty.status == 422 && empty.text.contains("department"), "\(empty.text)")
        #expect(try service.request("GET", "/v1/me", headers: session.reading).status == 200)
        let patched = try service.request(
            "PATCH", "/v1/users/\(id)", key: service.adminKey, json: #"{"active":false}"#,
            headers: [("If-Match", "\"1\""), ("Content-Type", "application/merge-patch+json")])
        #expect(patched.status == 200)
        #expect(patched.header("ETag") == "\"2\"")
        #expect(try patched.json()["active"]?.bool == false)
        #expect(try service.request("GET", "/v1/me", headers: session.reading).status == 401)
        let sessions = try service.database.read {
            try $0.first("SELECT COUNT(*) FROM sessions WHERE user_id = ?", id)!.get(0) as Int64
        }
        #expect(sessions == 0)
        let refused = try service.signInResponse("li.na@example.com", "correct horse battery")
        #expect(try refused.status == 401 && refused.json()["type"]?.string == "/problems/sign-in-failed")
        // Back in service, the same password works again.
        let back = try service.request(
            "PATCH", "/v1/users/\(id)", key: service.adminKey, json: #"{"active":true,"role":"supervisor"}"#)
        #expect(try back.json()["role"]?.string == "supervisor")
        let supervisor = try service.signIn("li.na@example.com")
        #expect(try service.request("GET", "/v1/stats/summary", headers: supervisor.reading).status == 200)
    }

    @Test func anAdministratorCannotDeactivateOrDemoteThemselves() throws {
        let service = try TestService()
        let id = try service.createUser("boss@example.com", role: .admin, name: "Boss")
        let session = try service.signIn("boss@example.com")
        for patch in [#"{"active":false}"#, #"{"role":"agent"}"#] {
            let response = try service.request("PATCH", "/v1/users/\(id)", json: patch, headers: session.changing)
            #expect(response.status == 409, "\(patch)")
            #expect(try response.json()["type"]?.string == "/problems/own-account")
        }
        let renamed = try service.request(
            "PATCH", "/v1/users/\(id)", json: #"{"display_name":"The boss"}"#, headers: session.changing)
        #expect(renamed.status == 200)
    }

    @Test func changingThePasswordEndsTheOtherSessions() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com")
        let here = try service.signIn("li.na@example.com")
        let elsewhere = try service.signIn("li.na@example.com")
        let wrong = try service.request(
            "POST", "/v1/users/me/password",
            json: #"{"current_password":"not my password","new_password":"a new long passphrase"}"#,
            headers: here.changing)
        #expect(wrong.status == 422)
        #expect(try wrong.json()["errors"]?[0]?["field"]?.string == "current_password")
        let weak = try service.request(
            "POST", "/v1/users/me/password",
            json: #"{"current_password":"correct horse battery","new_password":"short"}"#, headers: here.changing)
        #expect(try weak.status == 422 && weak.json()["errors"]?[0]?["field"]?.string == "new_password")
        let changed = try service.request(
            "POST", "/v1/users/me/password",
            json: #"{"current_password":"correct horse battery","new_password":"a new long passphrase"}"#,
            headers: here.changing)
        #expect(changed.status == 204)
        #expect(try service.request("GET", "/v1/me", headers: here.reading).status == 200)
        #expect(try service.request("GET", "/v1/me", headers: elsewhere.reading).status == 401)
        #expect(try service.signInResponse("li.na@example.com", "correct horse battery").status == 401)
        #expect(try service.signInResponse("li.na@example.com", "a new long passphrase").status == 201)
    }

    @Test func aGeneratedPasswordIsShownOnceAndWorks() throws {
        let service = try TestService()
        let response = try service.request(
            "POST", "/v1/users", key: service.adminKey,
            json: #"{"email":"wang.li@example.com","display_name":"王丽","role":"supervisor"}"#)
        #expect(response.status == 201)
        #expect(response.header("Location") == "/v1/users/1" && response.header("ETag") == "\"1\"")
        let password = try #require(try response.json()["password"]?.string)
        #expect(password.count == 20)
        let read = try service.request("GET", "/v1/users/1", key: service.adminKey)
        #expect(try read.status == 200 && read.json()["password"] == nil)
        #expect(try service.signInResponse("wang.li@example.com", password).status == 201)
    }

    @Test func anEmailIsTakenOnceWithoutRegardToCaseEvenByTwoCreatesAtOnce() throws {
        let service = try TestService()
        let statuses = Mutex<[Int]>([])
        let (port, key) = (service.port, service.adminKey)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let email = index == 0 ? "Same.Person@example.com" : "same.person@EXAMPLE.com"
            let status =
                (try? TestClient(port: port).request(
                    "POST", "/v1/users",
                    headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")],
                    body: Array(#"{"email":"\#(email)","display_name":"Same","role":"agent"}"#.utf8)
                ).status) ?? 0
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0.sorted() } == [201, 409])
        let again = try service.request(
            "POST", "/v1/users", key: service.adminKey,
            json: #"{"email":"SAME.PERSON@example.com","display_name":"Same","role":"agent"}"#)
        #expect(try again.status == 409 && again.json()["type"]?.string == "/problems/email-taken")
        let users = try service.request("GET", "/v1/users", key: service.adminKey).json()["data"]?.array
        #expect(users?.count == 1)
    }

    @Test(arguments: [
        (#"{"email":"li.na@example.com","display_name":"李娜","role":"agent","password":"short"}"#, "password"),
        (#"{"email":"li.na@example.com","display_name":"李娜","role":"root"}"#, "role"),
        (#"{"email":"li.na@example.com","display_name":"李娜","role":"intake"}"#, "role"),
        (#"{"email":"li.na@example.com","display_name":"李娜","role":"agent","department":"nowhere"}"#, "department"),
        (#"{"email":"x' OR '1'='1","display_name":"李娜","role":"agent"}"#, "email"),
        (#"{"email":"li.na@example.com","display_name":"李\u0000娜","role":"agent"}"#, "display_name"),
        (#"{"email":"li.na@example.com","display_name":"   ","role":"agent"}"#, "display_name"),
        (#"{"email":"li.na@example.com","display_name":"李娜","role":"agent","admin":true}"#, "admin"),
        (
            #"{"email":"li.na@example.com","display_name":"李娜","role":"agent","password":"long enough\u0007!"}"#,
            "password"
        ),
        (#"{"email":"li.na@example.com","role":"agent"}"#, "display_name"),
        (#"{"email":7,"display_name":"李娜","role":"agent"}"#, "email"),
        (#"{"email":"li.na@example.com","display_name":"李娜","role":"agent","department":""}"#, "department"),
    ])
    func aBadUserIsRefusedNamingTheFieldAndNothingIsCreated(json: String, field: String) throws {
        let service = try TestService()
        let response = try service.request("POST", "/v1/users", key: service.adminKey, json: json)
        #expect(response.status == 422, "\(response.text)")
        #expect(
            try response.json()["errors"]?.array?.contains { $0["field"]?.string == field } == true, "\(response.text)")
        #expect(try service.request("GET", "/v1/users", key: service.adminKey).json()["data"]?.array?.isEmpty == true)
    }

    @Test func hostileButWellFormedTextIsStoredAndShownAsIt() throws {
        let service = try TestService()
        let long = String(repeating: "长", count: 101)
        let oversize = try service.request(
            "POST", "/v1/users", key: service.adminKey,
            json: #"{"email":"a@example.com","display_name":"\#(long)","role":"agent"}"#)
        #expect(oversize.status == 422)
        let email = "robert');DROP_TABLE_users;--@example.com"
        let name = #"<script>alert(1)</script> \" OR 1=1 --"#
        let response = try service.request(
            "POST", "/v1/users", key: service.adminKey,
            json: #"{"email":"\#(email)","display_name":"\#(name)","role":"agent","password":"correct horse battery"}"#)
        #expect(response.status == 201)
        #expect(try response.json()["display_name"]?.string == #"<script>alert(1)</script> " OR 1=1 --"#)
        #expect(try response.json()["email"]?.string == email)
        #expect(try service.signIn(email).user["email"]?.string == email)
        // An e-mail built to break out of a query finds nobody.
        #expect(try service.signInResponse("x@example.com' OR '1'='1", "correct horse battery").status == 422)
        #expect(try service.signInResponse("a.b'--@example.com", "correct horse battery").status == 401)
    }

    @Test func onlyAdministratorsManageUsersAndAUserSeesOnlyThemselves() throws {
        let service = try TestService()
        let agent = try service.createUser("agent@example.com")
        let other = try service.createUser("other@example.com", name: "Other")
        let session = try service.signIn("agent@example.com")
        for role in [Role.intake, .agent, .supervisor] {
            let key = try service.key(role)
            #expect(try service.request("GET", "/v1/users", key: key).status == 403)
            #expect(try service.request("GET", "/v1/users/\(agent)", key: key).status == 403)
            #expect(
                try service.request(
                    "POST", "/v1/users", key: key, json: #"{"email":"x@example.com","display_name":"X","role":"admin"}"#
                ).status == 403)
            #expect(
                try service.request("PATCH", "/v1/users/\(agent)", key: key, json: #"{"role":"admin"}"#).status == 403)
        }
        #expect(try service.request("GET", "/v1/users/\(agent)", headers: session.reading).status == 200)
        #expect(try service.request("GET", "/v1/users/\(other)", headers: session.reading).status == 403)
        #expect(
            try service.request("PATCH", "/v1/users/\(agent)", json: #"{"role":"admin"}"#, headers: session.changing)
                .status == 403)
        #expect(try service.request("GET", "/v1/users/99", key: service.adminKey).status == 404)
        #expect(try service.request("GET", "/v1/users/x", key: service.adminKey).status == 404)
        #expect(try service.request("GET", "/v1/users", key: nil).status == 401)
    }

    @Test func theUserListPagesWithACursor() throws {
        let service = try TestService()
        for index in 1...5 { try service.createUser("user\(index)@example.com", name: "User \(index)") }
        let first = try service.request("GET", "/v1/users?limit=2", key: service.adminKey).json()
        #expect(first["data"]?.array?.compactMap { $0["id"]?.int } == [1, 2])
        let cursor = try #require(first["next_cursor"]?.string)
        let second = try service.request("GET", "/v1/users?limit=2&cursor=\(cursor)", key: service.adminKey).json()
        #expect(second["data"]?.array?.compactMap { $0["id"]?.int } == [3, 4])
        #expect(try service.request("GET", "/v1/users?cursor=zz!", key: service.adminKey).status == 400)
        #expect(try service.request("GET", "/v1/users?limit=0", key: service.adminKey).status == 400)
    }

    @Test func aSignInWithAnOlderIterationCountHashesThePasswordAgain() throws {
        let service = try TestService()
        let old = PasswordHash(of: "correct horse battery", iterations: 500)
        let user = try service.backend.casework.createUser(
            NewUser(email: "old@example.com", displayName: "Old", role: .agent, department: nil), passwordHash: old,
            now: service.clock.now)
        #expect(try service.signInResponse("old@example.com", "wrong password here").status == 401)
        #expect(try service.database.read { try $0.user(id: user.id)!.passwordHash } == old.encoded)
        _ = try service.signIn("old@example.com")
        let stored = try service.database.read { try $0.user(id: user.id)!.passwordHash }
        let rehashed = try #require(PasswordHash(encoded: stored))
        #expect(rehashed.iterations == 1000 && rehashed.salt != old.salt)
        #expect(try service.signInResponse("old@example.com", "correct horse battery").status == 201)
    }

    @Test func nothingSecretIsStoredInTheDatabase() throws {
        let service = try TestService()
        try service.createUser("li.na@example.com", password: "a very particular secret")
        let session = try service.signIn("li.na@example.com", "a very particular secret")
        _ = try service.request("POST", "/v1/complaints", json: complaintJSON(), headers: session.changing)
        let path = service.directory.appendingPathComponent("redress.sqlite").path
        let bytes =
            try Data(contentsOf: URL(fileURLWithPath: path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        for secret in ["a very particular secret", session.token, session.csrf] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is in the database")
        }
        #expect(bytes.range(of: Data("pbkdf2-sha256$1000$".utf8)) != nil)
    }
}
