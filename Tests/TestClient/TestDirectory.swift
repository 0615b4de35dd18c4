import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it when released.
public final class TestDirectory {
    /// Where it is.
    public let url: URL

    /// A new empty directory whose name starts with `prefix`.
    public init(prefix: String = "redress-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file named `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension TestDirectory {
    /// A self-signed certificate and its key for the subject `name` and `altNames` (subjectAltName
    /// entries, `DNS:localhost,IP:127.0.0.1` by default), made here with the openssl command.
    public func selfSignedCertificate(
        _ name: String = "localhost", altNames: String = "DNS:localhost,IP:127.0.0.1"
    ) throws -> (certificate: String, key: String) {
        let certificate = path("\(name).pem")
        let key = path("\(name)-key.pem")
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                "-days", "2", "-subj", "/CN=\(name)", "-addext", "subjectAltName=\(altNames)",
            ])
        guard run.status == 0 else { throw TestClient.Failure(description: "openssl: \(run.stderr)") }
        return (certificate, key)
    }
}
