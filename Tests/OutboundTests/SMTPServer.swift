import Foundation
import Glibc
import TestClient

/// A mail server on 127.0.0.1 for the client tests: `aiosmtpd` (from PyPI) with what a test
/// asks for — STARTTLS or implicit TLS with a given certificate, AUTH, a refusal of every
/// recipient — writing each message it accepts (its envelope, whether it came over TLS, who
/// logged in, and the message as `MailReader` reads it) as a JSON line to `spool`. Or a hostile
/// server: one that accepts connections and never says a word, one whose greeting never ends, or
/// one that sends scripted replies and records the commands it gets.
final class SMTPServer {
    enum Mode: String {
        case smtp, smtps, silent, endless
        /// Sends `replies[0]` on connecting and each next one after each command it reads (after
        /// a 354, after the message's final "."), recording every line it reads in the spool as
        /// `{"command": line}`.
        case scripted
    }

    struct Options: Encodable {
        var certificate: String?
        var key: String?
        /// User and password the server accepts.
        var login: [String]?
        /// AUTH mechanisms the server does not offer.
        var excludeMechanisms: [String] = []
        /// The reply to every `RCPT TO`, such as `550 5.1.1 No such user`.
        var recipientReply: String?
        /// What a scripted server sends, in order, each as given (line ends included).
        var replies: [String] = []
    }

    let process = Process()
    let port: Int
    let spool: String
    private let directory: TestDirectory

    init(_ mode: Mode, _ options: Options = Options()) throws {
        directory = try TestDirectory(prefix: "redress-smtp")
        spool = directory.path("spool.jsonl")
        let script =
            MailReader.python + """
                import asyncio, socket, ssl, sys
                from aiosmtpd.smtp import SMTP, AuthResult
                mode, spool, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
                context = None
                if options.get("certificate"):
                    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                    context.load_cert_chain(options["certificate"], options["key"])

                class Handler:
                    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                        if options.get("recipientReply"):
                            return options["recipientReply"]
                        envelope.rcpt_tos.append(address)
                        return "250 OK"
                    async def handle_DATA(self, server, session, envelope):
                        record = parse(envelope.original_content)
                        record["mail_from"] = envelope.mail_from
                        record["rcpt_tos"] = envelope.rcpt_tos
                        record["tls"] = session.ssl is not None
                        record["login"] = getattr(session, "redress_login", None)
                        with open(spool, "a") as file:
                            file.write(json.dumps(record) + "\\n")
                        return "250 Accepted"

                def authenticator(server, session, envelope, mechanism, data):
                    login = [data.login.decode(), data.password.decode()]
                    if login != options.get("login"):
                        return AuthResult(success=False, handled=False)
                    session.redress_login = mechanism + " " + login[0]
                    return AuthResult(success=True)

                async def silent(reader, writer):
                    await asyncio.sleep(3600)

                async def endless(reader, writer):
                    writer.write(b"220 ")
                    while True:
                        writer.write(b"x" * 65536)
                        await writer.drain()

                async def scripted(reader, writer):
                    for reply in options["replies"]:
                        writer.write(reply.encode())
                        await writer.drain()
                        # After a 354 the lines up to "." are the message; each is recorded.
                        while True:
                            line = await reader.readline()
                            if not line:
                                return
                            command = line.decode().rstrip("\\r\\n")
                            with open(spool, "a") as file:
                                file.write(json.dumps({"command": command}) + "\\n")
                            if not reply.startswith("354") or command == ".":
                                break
                    await asyncio.sleep(3600)

                async def main():
                    loop = asyncio.get_running_loop()
                    if mode in ("smtp", "smtps"):
                        def factory():
                            return SMTP(
                                Handler(), hostname="mail.test",
                                tls_context=context if mode == "smtp" else None,
                                authenticator=authenticator if options.get("login") else None,
                                auth_require_tls=mode == "smtp",
                                auth_exclude_mechanism=options.get("excludeMechanisms") or None)
                        server = await loop.create_server(
                            factory, "127.0.0.1", 0, ssl=context if mode == "smtps" else None)
                    else:
                        serve = {"silent": silent, "endless": endless, "scripted": scripted}[mode]
                        server = await asyncio.start_server(serve, "127.0.0.1", 0)
                    print(server.sockets[0].getsockname()[1], flush=True)
                    await server.serve_forever()

                asyncio.run(main())
                """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", script, mode.rawValue, spool,
            String(decoding: try JSONEncoder().encode(options), as: UTF8.self),
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                let problem = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
                throw TestClient.Failure(description: "the SMTP server exited (is aiosmtpd installed?): \(problem)")
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        port = Int(text.prefix { $0 != "\n" })!
        process.standardError = FileHandle.nullDevice
    }

    /// The messages accepted so far, as JSON objects.
    var messages: [[String: Any]] {
        guard let text = try? String(contentsOfFile: spool, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
