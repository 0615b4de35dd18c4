import Testing
@testable import RedressDomain

/// The moments kept for the `overdue` and `at_risk` lists (`SLA.breachedFrom`, `SLA.atRiskFrom`)
/// say exactly what `SLA.evaluate` says at every later instant, for complaints in every status
/// with clocks met, unmet, met late, paused and ended.
@Suite struct SLAMomentTests {
    @Test func theKeptMomentsAgreeWithTheEvaluationAtEveryInstant() {
        var random = SplitMix64(seed: 19)
        let start = Instant(seconds: 1_800_000_000)
        func moment(_ hours: ClosedRange<Int>) -> Instant { start.adding(seconds: Int64(random.int(hours)) * 600) }
        func maybe(_ hours: ClosedRange<Int>) -> Instant? { random.next(below: 3) == 0 ? nil : moment(hours) }
        // What happened (met, resolved, ended) in the first 100 steps of ten minutes; due dates and
        // at-risk moments anywhere in 600; then every third step from 100 on.
        for _ in 0..<2000 {
            let status = Status.allCases[random.next(below: Status.allCases.count)]
            let resolvedAt = maybe(0...100)
            let clocks = SLA.Clocks(
                status: status, receivedAt: start, firstResponseDueAt: moment(1...600),
                firstRespondedAt: maybe(0...100), resolutionDueAt: moment(1...600), resolvedAt: resolvedAt,
                followUpDueAt: resolvedAt.map { $0.adding(seconds: Int64(random.int(1...300)) * 600) },
                closedAt: status.isOpen ? nil : moment(0...100), satisfactionRecordedAt: maybe(0...100),
                investigationReportDueAt: maybe(1...600), investigationReportedAt: maybe(0...100),
                departmentSince: maybe(0...100), departmentDueAt: maybe(1...600),
                firstResponseAtRiskAt: maybe(0...600), investigationReportAtRiskAt: maybe(0...600),
                resolutionAtRiskAt: maybe(0...600), followUpAtRiskAt: nil, departmentAtRiskAt: maybe(0...600))
            let breachedFrom = SLA.breachedFrom(clocks)
            let atRiskFrom = SLA.atRiskFrom(clocks, atRiskRatio: 0.8)
            for step in stride(from: 100, through: 700, by: 3) {
                let now = start.adding(seconds: Int64(step) * 600)
                let sla = SLA.evaluate(clocks, atRiskRatio: 0.8, now: now)
                let breached = breachedFrom.map { $0 <= now } ?? false
                let atRisk = !breached && (atRiskFrom.map { $0 <= now } ?? false)
                #expect((sla.state == .breached) == breached, "\(clocks) at \(now)")
                #expect((sla.state == .atRisk) == atRisk, "\(clocks) at \(now)")
            }
        }
    }
}
