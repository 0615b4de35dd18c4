import Foundation
import RedressDomain

/// The cost of evaluating one complaint's due dates (`SLAPolicyList.evaluate`): a policy list in a
/// Mon–Fri 09:00–18:00 Shanghai calendar with a year of holidays, working-day and calendar-day
/// targets and a department limit, over complaints received at spread-out moments of a year.
/// Prints the median nanoseconds per complaint over `--rounds` rounds of `--count` complaints.
struct DueDateBenchmark {
    let count: Int
    let rounds: Int

    init(arguments: Arguments) throws {
        count = try arguments.integer("count", default: 100_000)
        rounds = try arguments.integer("rounds", default: 5)
    }

    func run() throws {
        let day = { (text: String) in
            let parts = text.split(separator: "-").map { Int($0)! }
            return CivilDate(year: parts[0], month: parts[1], day: parts[2])
        }
        var hours: [Weekday: [WorkingSpan]] = [:]
        for weekday in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] {
            hours[weekday] = [WorkingSpan("09:00-18:00")!]
        }
        let holidays = [
            "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
            "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25", "2026-10-01",
            "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07",
        ].map(day)
        let calendar = try WorkingCalendar.Definition(
            key: "cn-workdays", zone: "Asia/Shanghai", hours: hours, holidays: holidays,
            extraWorkingDays: [WorkingCalendar.ExtraWorkingDay(date: day("2026-02-14"))]
        ).validated()
        let policies = [
            SLAPolicy(
                name: "overseas", match: SLAPolicy.Match(regions: ["overseas"]), calendar: "cn-workdays",
                targets: [
                    .firstContact: try TimeLimitTarget(.workingDays, 1),
                    .investigationReport: try TimeLimitTarget(.workingDays, 3),
                    .resolution: try TimeLimitTarget(.calendarDays, 18),
                ]),
            SLAPolicy(
                name: "domestic", calendar: "cn-workdays",
                targets: [
                    .firstContact: try TimeLimitTarget(.workingDays, 1),
                    .investigationReport: try TimeLimitTarget(.workingDays, 3),
                    .resolution: try TimeLimitTarget(.calendarDays, 15),
                    .followUp: try TimeLimitTarget(.sameDay, nil),
                ],
                departmentTargets: ["store_operations": try TimeLimitTarget(.workingDays, 5)]),
        ]
        let list = try SLAPolicyList.validated(
            policies, defaultsFrom: .defaults, calendars: [calendar], categories: [],
            departments: ["store_operations"])
        let start = Instant(seconds: 1_767_225_600)  // 2026-01-01T00:00:00Z
        var perComplaint: [Double] = []
        var checksum: Int64 = 0
        for _ in 0..<rounds {
            let began = DispatchTime.now().uptimeNanoseconds
            for index in 0..<count {
                let received = start.adding(seconds: Int64(index) * 311 % 31_536_000)
                let facts = SLAFacts(
                    priority: .normal, channel: .phone, department: "store_operations",
                    region: index % 3 == 0 ? "overseas" : "domestic")
                let evaluation = list.evaluate(
                    facts,
                    moments: SLAMoments(
                        receivedAt: received, resolvedAt: received.adding(hours: 100),
                        assignedToDepartmentAt: received.adding(hours: 2)))
                checksum &+= evaluation.clocks[.resolution]?.dueAt.seconds ?? 0
            }
            perComplaint.append(Double(DispatchTime.now().uptimeNanoseconds - began) / Double(count))
        }
        let median = perComplaint.sorted()[perComplaint.count / 2]
        print(
            "due-date evaluation: \(count) complaints × \(rounds) rounds, median \(Int(median)) ns per complaint "
                + "(4 clocks and a department limit, each with its at-risk moment; checksum \(checksum % 1000))")
    }
}
