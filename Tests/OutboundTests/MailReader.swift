import Foundation
import TestClient

/// Reads a message back the way a mail program would, with Python's `email` package: its
/// decoded subject, sender, recipients and text and HTML bodies, its header field names and its
/// longest line. Shared by the message tests and the SMTP server the client tests start.
enum MailReader {
    /// Python defining `parse(raw: bytes) -> dict`.
    static let python = """
        import email, email.policy, email.header, email.utils, json
        def parse(raw):
            # Header fields through the classic decoder, which joins adjacent encoded words as
            # RFC 2047 says (the newer policy puts a space between them in a display name).
            fields = email.message_from_bytes(raw)
            def decoded(value):
                return str(email.header.make_header(email.header.decode_header(value.replace("\\r\\n", ""))))
            def mailboxes(name):
                return [(decoded(display), address) for display, address in email.utils.getaddresses([fields[name]])]
            message = email.message_from_bytes(raw, policy=email.policy.default)
            def body(kind):
                part = message.get_body((kind,))
                return None if part is None else part.get_content().replace("\\r\\n", "\\n")
            sender = mailboxes("From")[0]
            return {
                "subject": decoded(fields["Subject"]),
                "from_name": sender[0],
                "from_address": sender[1],
                "to": [address for _, address in mailboxes("To")],
                "to_names": [display for display, _ in mailboxes("To")],
                "text": body("plain"),
                "html": body("html"),
                "header_names": list(fields.keys()),
                "longest_line": max(len(line) for line in raw.split(b"\\r\\n")),
                "bare_newlines": raw.replace(b"\\r\\n", b"").count(b"\\n") + raw.replace(b"\\r\\n", b"").count(b"\\r"),
                "date": email.utils.parsedate_to_datetime(fields["Date"]).timestamp(),
                "message_id": fields["Message-ID"],
                "defects": [str(defect) for part in message.walk() for defect in part.defects],
            }

        """

    /// `raw` parsed by Python.
    static func parse(_ raw: [UInt8]) throws -> [String: Any] {
        let directory = try TestDirectory(prefix: "redress-mail")
        let file = directory.path("message.eml")
        try Data(raw).write(to: URL(fileURLWithPath: file))
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                python + "import sys\nprint(json.dumps(parse(open(sys.argv[1], 'rb').read())))",
                file,
            ])
        guard run.status == 0 else { throw TestClient.Failure(description: "python3: \(run.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(run.stdout)) as! [String: Any]
    }
}
