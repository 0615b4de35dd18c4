import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// The customer's view of their time limit (issue 19, point 7): the resolution date they were
/// promised, in working days when the target counts them, as a local date in the calendar's
/// zone, with the time paused waiting on them, in their language, and nothing internal.
@Suite struct TrackingPromiseTests {
    static let policies = """
        {"policies":[{"name":"internal-policy-name","calendar":"cn-workdays",\
        "targets":{"resolution":{"unit":"working_days","amount":5}}}]}
        """

    @Test func workingDaysAreSaidInWorkingDaysWithTheLocalDateAndNothingInternal() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let english = try service.registerTracked()
        let chinese = try service.registerTracked(
            json: complaintJSON(title: "洗衣机漏水", description: "每次洗衣后地上都有水。", subjectRef: "WM-300"))
        // Received on Sunday; Monday a holiday; the fifth working day is the working Saturday, 28 November.
        let view = try service.track(english.number, code: english.code)
        let promise = try #require(try view.json()["promise"])
        #expect(promise["target"] == .object([("unit", .string("working_days")), ("amount", .int(5))]))
        #expect(promise["limit"]?.string == "within 5 working days")
        #expect(promise["due_date"]?.string == "2026-11-28")
        #expect(promise["text"]?.string == "We will resolve your complaint within 5 working days, by 28 November 2026.")
        #expect(promise["paused_for"]?.int == 0)
        #expect(promise["paused"]?.bool == false)
        #expect(promise["paused_text"] == .null)
        for secret in ["internal-policy-name", "cn-workdays", "Asia/Shanghai", "default-"] {
            #expect(!view.text.contains(secret), "the view shows '\(secret)'")
        }
        let zh = try #require(try service.track(chinese.number, code: chinese.code).json()["promise"])
        #expect(zh["limit"]?.string == "5个工作日内")
        #expect(zh["text"]?.string == "我们承诺在5个工作日内（2026年11月28日前）为您处理完毕。")
    }

    @Test func theDateIsLocalToTheCalendarsZone() throws {
        // The built-in 24×7 calendar counts in REDRESS_TZ: 168 hours from 05:40 UTC on 22 November
        // end at 21:40 on 28 November in Los Angeles.
        let service = try TestService(timeZone: "America/Los_Angeles")
        let complaint = try service.registerTracked()
        let promise = try #require(try service.track(complaint.number, code: complaint.code).json()["promise"])
        #expect(promise["limit"]?.string == "within 7 days")
        #expect(promise["due_date"]?.string == "2026-11-28")
        #expect(promise["target"] == .object([("unit", .string("calendar_hours")), ("amount", .int(168))]))
    }

    @Test func thePausedTimeIsShownWhileWaitingAndAfterTheReply() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let english = try service.registerTracked()
        let chinese = try service.registerTracked(
            json: complaintJSON(title: "洗衣机漏水", description: "每次洗衣后地上都有水。", subjectRef: "WM-300"))
        // Tuesday 24 November, 10:00 in Shanghai: working time.
        service.clock.advance(hours: 44 + 1.0 / 3 - 17.0 / 3600)
        for complaint in [english, chinese] {
            try service.take(
                toInvestigating + [("await-customer", #"{"question":"Which model?","channel":"phone"}"#)],
                on: complaint.id)
        }
        let waiting = try #require(try service.track(english.number, code: english.code).json()["promise"])
        #expect(waiting["paused"]?.bool == true)
        #expect(
            waiting["paused_text"]?.string
                == "We are waiting for your reply; the time limit is paused until you answer.")

        // Two and a half working hours later the customer answers on their own page.
        service.clock.advance(hours: 2.5)
        for complaint in [english, chinese] {
            let reply = try service.request(
                "POST", "/v1/track/\(complaint.number)/messages", json: #"{"body":"It is the WM-200."}"#,
                headers: [("X-Tracking-Code", complaint.code)])
            try #require(reply.status == 201, "\(reply.text)")
        }
        let view = try service.track(english.number, code: english.code).json()
        let promise = try #require(view["promise"])
        #expect(promise["paused"]?.bool == false)
        #expect(promise["paused_for"]?.int == 9000)
        #expect(
            promise["paused_text"]?.string
                == "The time we waited for your reply (2 hours 30 minutes of working time) does not count, "
                + "and the date has moved out by as much.")
        // The close of Saturday 28 November moved out by 2.5 working hours: 11:30 on Monday 30 November.
        #expect(view["resolution_due_at"]?.string == "2026-11-30T03:30:00Z")
        #expect(promise["due_date"]?.string == "2026-11-30")
        let zh = try #require(try service.track(chinese.number, code: chinese.code).json()["promise"])
        #expect(zh["paused_text"]?.string == "等待您回复的时间（工作时间2小时30分钟）不计入处理时限，日期已相应顺延。")
    }

    @Test func aResolvedOrEndedComplaintHasNoPromise() throws {
        let service = try TimeLimitPolicyTests.service(with: Self.policies)
        let complaint = try service.registerTracked()
        try service.take([("withdraw", #"{"reason":"Sorted out."}"#)], on: complaint.id)
        #expect(try service.track(complaint.number, code: complaint.code).json()["promise"] == .null)
    }
}
