import Foundation
import HTTP
import Testing
import TestClient
@testable import RedressAPI

@Suite struct MetricsTests {
    @Test func metricsCountRequestsByRouteAndShowTheDatabaseWriter() throws {
        let service = try TestService()
        // The admin key was written when the service started. The writer counts a batch just
        // after answering it, so a scrape right after a write may not see it yet.
        #expect(try eventually { try Self.scrape(service)["redress_db_writes_total"] == 1 })
        let before = try Self.scrape(service)
        #expect(before["redress_db_write_batches_total"] == 1)
        let intake = try service.key(.intake)
        let posted = try service.request("POST", "/v1/complaints", key: intake, json: complaintJSON())
        #expect(posted.status == 201)

        // The exchange is counted once its last byte is sent, which may be just after it arrived.
        let route = #"redress_http_requests_total{route="/v1/complaints",method="POST",status="201"}"#
        #expect(try eventually { try Self.scrape(service)[route] == 1 })
        // The key and the complaint: two more writes.
        #expect(try eventually { try Self.scrape(service)["redress_db_writes_total"] == 3 })
        let after = try Self.scrape(service)
        #expect((after["redress_db_write_batches_total"] ?? 0) >= 2)
        #expect((after["redress_db_writer_busy_seconds_total"] ?? 0) > (before["redress_db_writer_busy_seconds_total"] ?? 0))
        #expect((after["redress_db_commit_seconds_total"] ?? 0) > 0)
        #expect(after["redress_db_writes_queued"] == 0)
    }

    @Test func requestsCountedOnManyThreadsAddUpInOneSeries() throws {
        let metrics = Metrics()
        let threads = (0..<8).map { thread in
            Thread {
                for index in 0..<250 {
                    metrics.record(CompletedExchange(
                        method: "GET", target: "/healthz", status: 200, bytesSent: 2,
                        duration: index % 2 == 0 ? 0.0002 : 0.003, requestID: "r\(thread)-\(index)",
                        route: "/healthz", remoteAddress: "127.0.0.1"))
                }
            }
        }
        threads.forEach { $0.start() }
        let text = metrics.render(gauges: [])
        // Rendered while the threads may still count: every series appears once, whatever the shards.
        #expect(text.components(separatedBy: #"redress_http_requests_total{route="/healthz""#).count <= 2)
        let deadline = Date().addingTimeInterval(10)
        var final = ""
        repeat {
            final = metrics.render(gauges: [])
            if final.contains(#"redress_http_request_duration_seconds_count{route="/healthz"} 2000"#) { break }
            usleep(1_000)
        } while Date() < deadline
        #expect(final.contains(#"redress_http_requests_total{route="/healthz",method="GET",status="200"} 2000"#))
        #expect(final.contains(#"redress_http_request_duration_seconds_bucket{route="/healthz",le="0.0005"} 1000"#))
        #expect(final.contains(#"redress_http_request_duration_seconds_bucket{route="/healthz",le="0.005"} 2000"#))
        #expect(final.contains(#"redress_http_request_duration_seconds_count{route="/healthz"} 2000"#))
    }

    /// The samples of `/metrics`, by series, after checking every series has its type.
    private static func scrape(_ service: TestService) throws -> [String: Double] {
        let response = try service.request("GET", "/metrics")
        #expect(response.status == 200)
        for (name, type) in [("redress_db_writes_total", "counter"), ("redress_db_write_batches_total", "counter"),
                             ("redress_db_writer_busy_seconds_total", "counter"), ("redress_db_commit_seconds_total", "counter"),
                             ("redress_db_writes_queued", "gauge")] {
            #expect(response.text.contains("# TYPE \(name) \(type)\n"), "\(name) has no TYPE line")
        }
        var samples: [String: Double] = [:]
        for line in response.text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
