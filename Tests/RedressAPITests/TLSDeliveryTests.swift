import Foundation
import Glibc
import Synchronization
import JSON
import Testing
import TestClient
@testable import RedressAPI

/// Deliveries over TLS to a receiver run by Python's standard library with certificates made for
/// the test: a certificate the service trusts is accepted, and one from an authority it does not
/// trust, or made for another host, is a failed attempt.
@Suite(.serialized) struct TLSDeliveryTests {
    private let scratch = try! TestDirectory(prefix: "redress-tls")

    /// An HTTPS receiver on 127.0.0.1 presenting `certificate`; it answers 204 and prints each
    /// delivery's event type.
    final class Receiver: Sendable {
        let process = Process()
        let port: Int
        private let lines = Mutex<[String]>([])

        init(certificate: String, key: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c",
                """
                import http.server, ssl, sys
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_POST(self):
                        self.rfile.read(int(self.headers.get("Content-Length", "0")))
                        print(self.headers.get("Redress-Event"), flush=True)
                        self.send_response(204)
                        self.end_headers()
                    def log_message(self, *args):
                        pass
                server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(sys.argv[1], sys.argv[2])
                server.socket = context.wrap_socket(server.socket, server_side=True)
                print(server.server_address[1], flush=True)
                server.serve_forever()
                """,
                certificate, key,
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            let reader = output.fileHandleForReading
            while !text.contains("\n") {
                let chunk = reader.availableData
                guard !chunk.isEmpty else { throw TestClient.Failure(description: "the receiver exited: \(text)") }
                text += String(decoding: chunk, as: UTF8.self)
            }
            port = Int(text.prefix { $0 != "\n" })!
            let rest = text.drop { $0 != "\n" }.dropFirst()
            lines.withLock { $0 = rest.split(separator: "\n").map(String.init) }
            Thread { [self] in
                while case let chunk = reader.availableData, !chunk.isEmpty {
                    let text = String(decoding: chunk, as: UTF8.self)
                    self.lines.withLock { $0 += text.split(separator: "\n").map(String.init) }
                }
            }.start()
        }

        /// The event types delivered so far.
        var events: [String] { lines.withLock { $0 } }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func aReceiverWithATrustedCertificateForItsNameGetsTheDelivery() throws {
        let trusted = try scratch.selfSignedCertificate()
        let receiver = try Receiver(certificate: trusted.certificate, key: trusted.key)
        let service = try TestService { configuration in
            configuration.webhookAllowPrivate = true
            configuration.webhookCAFile = trusted.certificate
        }
        for url in ["https://localhost:\(receiver.port)/in", "https://127.0.0.1:\(receiver.port)/in"] {
            let hook = try service.webhook(url)
            let ping = try service.request("POST", "/v1/webhooks/\(hook.id)/ping", key: service.adminKey)
            #expect(ping.status == 202)
            #expect(
                eventually { (try? service.deliveries(of: hook.id).first?["state"]?.string) == "delivered" }, "\(url)")
        }
        #expect(receiver.events == ["ping", "ping"])
    }

    @Test func aCertificateFromAnUntrustedAuthorityOrForAnotherHostIsRefused() throws {
        let trusted = try scratch.selfSignedCertificate()
        let stranger = try scratch.selfSignedCertificate("stranger")
        let elsewhere = try scratch.selfSignedCertificate("elsewhere", altNames: "DNS:elsewhere.example")
        let authorities = scratch.path("authorities.pem")
        try
            (String(contentsOfFile: trusted.certificate, encoding: .utf8)
            + String(contentsOfFile: elsewhere.certificate, encoding: .utf8))
            .write(toFile: authorities, atomically: true, encoding: .utf8)
        let service = try TestService { configuration in
            configuration.webhookAllowPrivate = true
            configuration.webhookCAFile = authorities
        }
        for (pair, error) in [(stranger, "self-signed"), (elsewhere, "mismatch")] {
            let receiver = try Receiver(certificate: pair.certificate, key: pair.key)
            let hook = try service.webhook("https://localhost:\(receiver.port)/in")
            #expect(try service.request("POST", "/v1/webhooks/\(hook.id)/ping", key: service.adminKey).status == 202)
            #expect(eventually { (try? service.deliveries(of: hook.id).first?["attempts"]?.array?.count) == 1 })
            let attempt = try #require(try service.deliveries(of: hook.id).first?["attempts"]?[0])
            #expect(attempt["outcome"]?.string == "failed")
            #expect(attempt["error"]?.string?.contains(error) == true, "\(attempt)")
            #expect(receiver.events.isEmpty)
        }
    }
}
