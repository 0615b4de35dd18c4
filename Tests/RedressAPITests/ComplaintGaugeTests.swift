import Foundation
import Testing
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct ComplaintGaugeTests {
    @Test func metricsCountOpenComplaintsByStatusAndPriorityAndThoseOverdueNow() throws {
        let service = try TestService()
        let now = service.clock.now
        var late = SeededComplaint(phone: "13300000001", subjectRef: "G-1", receivedAt: now.adding(hours: -30))
        var assigned = SeededComplaint(
            priority: "high", phone: "13300000002", subjectRef: "G-2", receivedAt: now.adding(hours: -1))
        var urgent = SeededComplaint(
            priority: "critical", phone: "13300000003", subjectRef: "G-3", receivedAt: now.adding(hours: -1))
        var withdrawn = SeededComplaint(phone: "13300000004", subjectRef: "G-4", receivedAt: now.adding(hours: -40))
        for index in 0..<2 {
            var fresh = SeededComplaint(phone: "1330000001\(index)", subjectRef: "F-\(index)", receivedAt: now)
            try service.register(&fresh)
        }
        try service.register(&late)
        try service.register(&assigned)
        try service.register(&urgent)
        try service.register(&withdrawn)
        try service.assign(&assigned, to: "quality")
        try service.take([("withdraw", #"{"reason":"Solved at the counter."}"#)], on: withdrawn.id)

        var metrics = try Self.scrape(service)
        var expected: [String: Int] = [:]
        for status in Status.open {
            for priority in Priority.allCases {
                expected[#"redress_complaints_open{status="\#(status.rawValue)",priority="\#(priority.rawValue)"}"#] = 0
            }
        }
        expected[#"redress_complaints_open{status="received",priority="normal"}"#] = 3
        expected[#"redress_complaints_open{status="received",priority="critical"}"#] = 1
        expected[#"redress_complaints_open{status="assigned",priority="high"}"#] = 1
        expected["redress_complaints_overdue"] = 1
        #expect(metrics.filter { $0.key.hasPrefix("redress_complaints_") } == expected)

        // Two hours on, the critical complaint has missed its first response too.
        service.clock.advance(hours: 2)
        metrics = try Self.scrape(service)
        #expect(metrics["redress_complaints_overdue"] == 2)
    }

    /// The samples of `/metrics`, by series.
    private static func scrape(_ service: TestService) throws -> [String: Int] {
        let response = try service.request("GET", "/metrics")
        #expect(response.status == 200)
        #expect(response.text.contains("# TYPE redress_complaints_open gauge\n"))
        #expect(response.text.contains("# TYPE redress_complaints_overdue gauge\n"))
        var samples: [String: Int] = [:]
        for line in response.text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Int(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
