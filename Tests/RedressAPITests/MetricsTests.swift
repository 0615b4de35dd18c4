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
        #expect(
            (after["redress_db_writer_busy_seconds_total"] ?? 0) > (before["redress_db_writer_busy_seconds_total"] ?? 0)
        )
        #expect((after["redress_db_commit_seconds_total"] ?? 0) > 0)
        #expect(after["redress_db_writes_queued"] == 0)
    }

    @Test func requestsCountedOnManyThreadsAddUpInOneSeries() throws {
        let metrics = Metrics()
        let threads = (0..<8).map { thread in
            Thread {
                for index in 0..<250 {
                    metrics.record(
                        CompletedExchange(
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

    @Test("Ten thousand invented method tokens add no series: every one is counted as other")
    func inventedMethodsAddNoSeries() throws {
        let service = try TestService()
        func invented(_ index: Int) -> String {
            "INVENTED-\(index)-METHOD-" + String(repeating: "X", count: 40)
        }
        // The first invented method and the first scrape create every series the rest would use.
        let first = try TestClient(port: service.port)
        try first.send("\(invented(10_000)) /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(try first.readResponse().status == 405)
        let counted = #"redress_http_requests_total{route="/healthz",method="other",status="405"}"#
        let scraped = #"redress_http_requests_total{route="/metrics",method="GET",status="200"}"#
        #expect(try eventually { try Self.scrape(service)[counted] == 1 })
        #expect(try eventually { try Self.scrape(service)[scraped] != nil })
        let before = try service.request("GET", "/metrics").text.split(separator: "\n").count

        // Pipelined in batches, 500 to a connection (under the 1,000 requests it may serve).
        let batch = 100
        for connection in 0..<20 {
            let client = try TestClient(port: service.port)
            for start in stride(from: connection * 500, to: (connection + 1) * 500, by: batch) {
                try client.send(
                    (start..<start + batch).map { "\(invented($0)) /healthz HTTP/1.1\r\nHost: test\r\n\r\n" }.joined())
                for _ in 0..<batch { #expect(try client.readResponse().status == 405) }
            }
        }

        #expect(try eventually { try Self.scrape(service)[counted] == 10_001 })
        let after = try service.request("GET", "/metrics").text
        #expect(after.split(separator: "\n").count == before)
        #expect(!after.contains("-METHOD-"))
    }

    /// The samples of `/metrics`, by series, after checking every series has its type.
    private static func scrape(_ service: TestService) throws -> [String: Double] {
        let response = try service.request("GET", "/metrics")
        #expect(response.status == 200)
        for (name, type) in [
            ("redress_db_writes_total", "counter"), ("redress_db_write_batches_total", "counter"),
            ("redress_db_writer_busy_seconds_total", "counter"), ("redress_db_commit_seconds_total", "counter"),
            ("redress_db_writes_queued", "gauge"),
        ] {
            #expect(response.text.contains("# TYPE \(name) \(type)\n"), "\(name) has no TYPE line")
        }
        var samples: [String: Double] = [:]
        for line in response.text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
