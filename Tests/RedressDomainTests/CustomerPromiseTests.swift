import Testing
import RedressDomain

/// How the resolution's time limit is put to the customer: the limit in their words, the local
/// date it falls on, and the time paused.
@Suite struct CustomerPromiseTests {
    static let shanghai = ZoneRules.system("Asia/Shanghai")!

    /// A complaint received at `receivedAt` whose resolution is due at `due` under `target`.
    static func complaint(
        target: TimeLimitTarget, due: String, title: String = "Leaking washer", paused: Int64 = 0,
        status: Status = .investigating
    ) -> Complaint {
        let received = Instant(rfc3339: "2026-09-25T09:30:00Z")!
        return Complaint(
            id: 1, number: CaseNumber(month: "202609", serial: 1), status: status, channel: .phone,
            priority: .normal, priorityReason: "", title: title, description: "Water on the floor.",
            complainant: Complainant(name: "Wang", phone: "+8613800138000"), subject: Subject(type: .product),
            receivedAt: received, receivedBy: "desk", createdByKey: 1, createdAt: received, updatedAt: received,
            firstResponseDueAt: received, resolutionDueAt: Instant(rfc3339: due)!,
            timeLimits: TimeLimitSources(
                policy: "p", clocks: [.resolution: .init(policy: "p", target: target, calendar: "cn")]),
            resolutionPausedFor: paused)
    }

    @Test(arguments: [
        (TimeLimitTarget.Unit.workingDays, 1.0, "within 1 working day", "1个工作日内"),
        (.workingDays, 5, "within 5 working days", "5个工作日内"),
        (.calendarDays, 15, "within 15 days", "15天内"),
        (.workingHours, 4, "within 4 working hours", "4个工作小时内"),
        (.calendarHours, 168, "within 7 days", "7天内"),
        (.calendarHours, 1.5, "within 1.5 hours", "1.5小时内"),
        (.calendarHours, 30, "within 30 hours", "30小时内"),
    ])
    func theLimitIsSaidAsTheRegulationsSayIt(
        unit: TimeLimitTarget.Unit, amount: Double, en: String, zh: String
    )
        throws
    {
        let target = try TimeLimitTarget(unit, amount)
        let complaint = Self.complaint(target: target, due: "2026-10-10T10:00:00Z")
        #expect(CustomerPromise(complaint, zone: Self.shanghai, language: .english).limit == en)
        #expect(CustomerPromise(complaint, zone: Self.shanghai, language: .simplifiedChinese).limit == zh)
        let sameDay = Self.complaint(target: try TimeLimitTarget(.sameDay, nil), due: "2026-10-10T10:00:00Z")
        #expect(CustomerPromise(sameDay, zone: Self.shanghai, language: .english).limit == "within the working day")
    }

    @Test func aDeadlineAtMidnightFallsOnTheDayBeforeInTheCalendarsZone() throws {
        // 15 days after 25 September end at 24:00 on 10 October in Shanghai: 16:00 UTC that day.
        let complaint = Self.complaint(target: try TimeLimitTarget(.calendarDays, 15), due: "2026-10-10T16:00:00Z")
        let promise = CustomerPromise(complaint, zone: Self.shanghai, language: .english)
        #expect(promise.dueDate == CivilDate(year: 2026, month: 10, day: 10))
        #expect(promise.text == "We will resolve your complaint within 15 days, by 10 October 2026.")
        // The same instant is 11 October at 00:00 in Shanghai, but in UTC it is still the 10th at 16:00.
        #expect(CustomerPromise(complaint, zone: .utc, language: .english).dueDate.day == 10)
        let zh = CustomerPromise(complaint, zone: Self.shanghai, language: .simplifiedChinese)
        #expect(zh.text == "我们承诺在15天内（2026年10月10日前）为您处理完毕。")
    }

    @Test func thePausedTimeIsTold() throws {
        let target = try TimeLimitTarget(.calendarDays, 15)
        let once = CustomerPromise(
            Self.complaint(target: target, due: "2026-10-10T16:00:00Z", paused: 3600 * 26 + 60),
            zone: Self.shanghai, language: .english)
        #expect(once.pausedFor == 93_660)
        #expect(once.paused == false)
        #expect(
            once.pausedText
                == "The time we waited for your reply (26 hours 1 minute) does not count, and the date has moved out by as much."
        )
        let waiting = CustomerPromise(
            Self.complaint(target: target, due: "2026-10-10T16:00:00Z", status: .awaitingCustomer),
            zone: Self.shanghai, language: .simplifiedChinese)
        #expect(waiting.paused)
        #expect(waiting.pausedText == "我们正在等待您的回复，回复前处理时限暂停计算。")
        let never = CustomerPromise(
            Self.complaint(target: target, due: "2026-10-10T16:00:00Z"), zone: Self.shanghai, language: .english)
        #expect(never.pausedText == nil)
    }

    @Test(arguments: Status.allCases)
    func onlyAComplaintNotYetResolvedIsPromisedADate(status: Status) throws {
        var complaint = Self.complaint(
            target: try TimeLimitTarget(.workingDays, 5), due: "2026-10-10T10:00:00Z", status: status)
        if [.resolved, .closed].contains(status) { complaint.resolvedAt = complaint.receivedAt }
        let expected: Set<Status> = [
            .received, .accepted, .assigned, .investigating, .proposed, .approved, .awaitingCustomer,
        ]
        #expect(CustomerPromise.applies(to: complaint) == expected.contains(status))
    }
}
