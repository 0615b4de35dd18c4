import Foundation
import Outbound
import Testing
import TestClient

/// The SMTP client against `aiosmtpd` started by each test: messages arrive with their envelope
/// and read back, over plain TCP, STARTTLS and implicit TLS, with AUTH; refusals are permanent or
/// temporary as their code says; hostile servers cost at most the deadline.
@Suite(.serialized) struct SMTPClientTests {
    private let scratch = try! TestDirectory(prefix: "redress-smtp-tests")

    private func message(_ subject: String, _ text: String, name: String) throws -> MailMessage {
        MailMessage(
            from: try MailAddress("complaints@shop.example", name: name),
            to: [try MailAddress("customer@example.com", name: "Customer")], subject: subject, text: text)
    }

    private func client(_ url: String, timeout: Duration = .seconds(10), trusting: String? = nil) throws -> SMTPClient {
        SMTPClient(try SMTPConfiguration(parsing: url), timeout: timeout, trustedAuthorities: trusting)
    }

    @Test func anEnglishAndAChineseMessageArriveWithTheirEnvelopeAndReadBack() throws {
        let server = try SMTPServer(.smtp)
        let smtp = try client("smtp://127.0.0.1:\(server.port)")
        let english = try message(
            "Your complaint C-2026-000123", "Dear customer,\n.\n..\n.leading dot\nRegards", name: "Shop Complaints")
        let chinese = try message("您的投诉 C-2026-000123 已受理", "尊敬的客户：\n.\n我们已收到您的投诉。", name: "某某商城客服")
        try smtp.send(english)
        try smtp.send(chinese)
        let received = server.messages
        try #require(received.count == 2)
        for (record, sent) in zip(received, [english, chinese]) {
            #expect(record["mail_from"] as? String == "complaints@shop.example")
            #expect(record["rcpt_tos"] as? [String] == ["customer@example.com"])
            #expect(record["subject"] as? String == sent.subject)
            #expect(record["from_name"] as? String == sent.from.name)
            #expect(record["text"] as? String == sent.text + "\n")
            #expect(record["message_id"] as? String == sent.messageID)
            #expect(record["tls"] as? Bool == false)
        }
    }

    @Test func startTLSIsUsedWhenOfferedAndAMessageIsNotSentWithoutItWhenRequired() throws {
        let pair = try scratch.selfSignedCertificate()
        let server = try SMTPServer(.smtp, .init(certificate: pair.certificate, key: pair.key))
        for host in ["localhost", "127.0.0.1"] {
            try client("smtp://\(host):\(server.port)?tls=required", trusting: pair.certificate)
                .send(try message("Over TLS", "Hello", name: "Shop"))
        }
        #expect(server.messages.map { $0["tls"] as? Bool } == [true, true])
        // Without the test's authority the certificate is refused, and nothing is sent.
        let untrusted = #expect(throws: MailDeliveryError.self) {
            try client("smtp://localhost:\(server.port)").send(try message("x", "y", name: "Shop"))
        }
        #expect(untrusted?.isPermanent == false)
        #expect(untrusted?.description.contains("certificate") == true, "\(String(describing: untrusted))")
        // A server without STARTTLS gets nothing when TLS is required.
        let plain = try SMTPServer(.smtp)
        let refused = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(plain.port)?tls=required").send(try message("x", "y", name: "Shop"))
        }
        #expect(refused?.isPermanent == false)
        #expect(refused?.description.contains("STARTTLS") == true)
        #expect(plain.messages.isEmpty)
    }

    @Test func implicitTLS() throws {
        let pair = try scratch.selfSignedCertificate()
        let server = try SMTPServer(.smtps, .init(certificate: pair.certificate, key: pair.key))
        try client("smtps://localhost:\(server.port)", trusting: pair.certificate)
            .send(try message("Implicit", "Hello", name: "Shop"))
        #expect(server.messages.count == 1)
        #expect(server.messages.first?["subject"] as? String == "Implicit")
    }

    @Test func authPlainOrLoginOverTLSAndNeverInClear() throws {
        let pair = try scratch.selfSignedCertificate()
        let password = "p@ss:wörd/1"
        for excluded in [[], ["PLAIN"]] {
            let server = try SMTPServer(
                .smtp,
                .init(
                    certificate: pair.certificate, key: pair.key, login: ["agent@shop.example", password],
                    excludeMechanisms: excluded))
            let url = "smtp://agent%40shop.example:p%40ss%3Aw%C3%B6rd%2F1@localhost:\(server.port)"
            try client(url, trusting: pair.certificate).send(try message("Authenticated", "Hello", name: "Shop"))
            let mechanism = excluded.isEmpty ? "PLAIN" : "LOGIN"
            #expect(server.messages.first?["login"] as? String == "\(mechanism) agent@shop.example")
            // A wrong password is a temporary failure: the configuration can be mended.
            let wrong = #expect(throws: MailDeliveryError.self) {
                try client("smtp://agent%40shop.example:nope@localhost:\(server.port)", trusting: pair.certificate)
                    .send(try message("x", "y", name: "Shop"))
            }
            #expect(wrong?.isPermanent == false && wrong?.code == 535, "\(String(describing: wrong))")
            #expect(server.messages.count == 1)
        }
        // A server offering no STARTTLS is sent no credentials, and no message.
        let plain = try SMTPServer(.smtp)
        let refused = #expect(throws: MailDeliveryError.self) {
            try client("smtp://agent:secret@127.0.0.1:\(plain.port)").send(try message("x", "y", name: "Shop"))
        }
        #expect(refused?.isPermanent == false)
        #expect(plain.messages.isEmpty)
    }

    @Test func aRecipientRefusedWith550IsPermanentAnd451Temporary() throws {
        for (reply, permanent) in [("550 5.1.1 No such user", true), ("451 4.3.0 Try again later", false)] {
            let server = try SMTPServer(.smtp, .init(recipientReply: reply))
            let error = #expect(throws: MailDeliveryError.self) {
                try client("smtp://127.0.0.1:\(server.port)").send(try message("x", "y", name: "Shop"))
            }
            #expect(error?.isPermanent == permanent)
            #expect(error?.code == Int(reply.prefix(3)))
            #expect(error?.description.contains(String(reply.dropFirst(4))) == true, "\(String(describing: error))")
            #expect(server.messages.isEmpty)
        }
    }

    @Test func aServerThatNeverAnswersTimesOutWithinTheDeadline() throws {
        let server = try SMTPServer(.silent)
        let started = ContinuousClock.now
        let error = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(server.port)", timeout: .seconds(1)).send(try message("x", "y", name: "S"))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.isPermanent == false)
        #expect(error?.description.contains("timed out") == true)
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(3), "\(elapsed)")
    }

    @Test func anEndlessReplyLineIsCutAtTheCap() throws {
        let server = try SMTPServer(.endless)
        let started = ContinuousClock.now
        let error = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(server.port)").send(try message("x", "y", name: "S"))
        }
        #expect(error?.isPermanent == false)
        #expect(error?.description.contains("longer than 512 bytes") == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func aDroppedConnectionIsTemporary() throws {
        // Nothing listens on the port once the server is gone.
        let port = try SMTPServer(.silent).port
        let error = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(port)", timeout: .seconds(2)).send(try message("x", "y", name: "S"))
        }
        #expect(error?.isPermanent == false)
        #expect(error?.code == nil)
    }

    @Test(arguments: [
        ("220 mail.test\n", "CRLF"), ("220-mail.test\r\n250 ready\r\n", "different codes"),
        ("2x0 mail.test\r\n", "malformed"), ("220 mail\u{1}test\r\n", "malformed"), ("220\tx\r\n", "malformed"),
        ("620 mail.test\r\n", "malformed"),
        (String(repeating: "220-" + String(repeating: "x", count: 100) + "\r\n", count: 100), "longer than 8192"),
    ])
    func aMalformedOrOversizedReplyIsATemporaryFailure(_ greeting: String, _ said: String) throws {
        let server = try SMTPServer(.scripted, .init(replies: [greeting]))
        let error = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(server.port)", timeout: .seconds(2)).send(try message("x", "y", name: "S"))
        }
        #expect(error?.isPermanent == false)
        #expect(error?.description.contains(said) == true, "\(String(describing: error))")
        #expect(server.messages.isEmpty)
    }

    @Test func aMultiLineReplyIsReadWholeAndTheConversationIsAsSpecified() throws {
        let server = try SMTPServer(
            .scripted,
            .init(replies: [
                "220-mail.test\r\n220-second line\r\n220 ready\r\n",
                "250-mail.test\r\n250-SIZE 1000\r\n250 8BITMIME\r\n",
                "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 queued\r\n", "221 bye\r\n",
            ]))
        try client("smtp://127.0.0.1:\(server.port)", timeout: .seconds(2))
            .send(try message("x", "one\n.\ntwo", name: "S"))
        #expect(eventually { server.messages.last?["command"] as? String == "QUIT" })
        let commands = server.messages.compactMap { $0["command"] as? String }
        #expect(
            commands
                == [
                    "EHLO shop.example", "MAIL FROM:<complaints@shop.example>", "RCPT TO:<customer@example.com>",
                    "DATA",
                ] + commands.dropFirst(4).prefix { $0 != "." }.map { $0 } + [".", "QUIT"])
        // The body's lone "." went as "..", and the message ended with a line that is only ".".
        #expect(commands.contains(".."))
    }

    @Test func anAnswerSmuggledAfterTheSTARTTLSReplyIsRefused() throws {
        let server = try SMTPServer(
            .scripted,
            .init(replies: [
                "220 mail.test\r\n", "250-mail.test\r\n250 STARTTLS\r\n", "220 go ahead\r\n250 injected\r\n",
            ]))
        let error = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(server.port)", timeout: .seconds(2)).send(try message("x", "y", name: "S"))
        }
        #expect(error?.isPermanent == false)
        #expect(error?.description.contains("STARTTLS") == true, "\(String(describing: error))")
    }

    @Test func aRefusedMessageEndsWithQUITAndAFiveHundredToEHLOIsTemporary() throws {
        let server = try SMTPServer(
            .scripted, .init(replies: ["220 mail.test\r\n", "554 5.7.1 go away\r\n", "221 bye\r\n"]))
        let error = #expect(throws: MailDeliveryError.self) {
            try client("smtp://127.0.0.1:\(server.port)", timeout: .seconds(2)).send(try message("x", "y", name: "S"))
        }
        #expect(error?.isPermanent == false && error?.code == 554)
        #expect(eventually { server.messages.count == 2 })
        #expect(server.messages.compactMap { $0["command"] as? String } == ["EHLO shop.example", "QUIT"])
    }
}

/// Whether `condition` holds within two seconds.
private func eventually(_ condition: () -> Bool) -> Bool {
    let end = ContinuousClock.now + .seconds(2)
    while ContinuousClock.now < end {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
