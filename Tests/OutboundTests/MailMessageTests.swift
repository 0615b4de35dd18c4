import Foundation
import Outbound
import Testing

/// Messages as written, read back by Python's `email` package: English and Chinese text comes
/// back equal, no value can add a header field or a recipient, and no line is too long.
@Suite struct MailMessageTests {
    private func header(of raw: [UInt8]) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        return String(text[..<text.firstRange(of: "\r\n\r\n")!.lowerBound])
    }

    @Test func anEnglishMessageReadsBack() throws {
        let message = MailMessage(
            from: try MailAddress("complaints@shop.example", name: "Shop Complaints"),
            to: [try MailAddress("jane@example.com", name: "Jane O'Brien")],
            subject: "Your complaint C-2026-000123 was received",
            text: "Dear Jane,\n\nWe received it.\n.\n..\nTrailing space \nCost = 5 =?x?= \t\nRegards",
            date: 1_796_680_000)
        let raw = message.rendered
        let parsed = try MailReader.parse(raw)
        #expect(parsed["subject"] as? String == "Your complaint C-2026-000123 was received")
        #expect(parsed["from_name"] as? String == "Shop Complaints")
        #expect(parsed["from_address"] as? String == "complaints@shop.example")
        #expect(parsed["to"] as? [String] == ["jane@example.com"])
        #expect(parsed["to_names"] as? [String] == ["Jane O'Brien"])
        #expect(
            parsed["text"] as? String
                == "Dear Jane,\n\nWe received it.\n.\n..\nTrailing space \nCost = 5 =?x?= \t\nRegards\n")
        #expect(parsed["html"] is NSNull)
        #expect(parsed["date"] as? Double == 1_796_680_000)
        #expect(parsed["message_id"] as? String == message.messageID)
        #expect((parsed["defects"] as? [String])?.isEmpty == true, "\(parsed)")
        #expect(parsed["bare_newlines"] as? Int == 0)
        let head = header(of: raw)
        #expect(head.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(head.contains("MIME-Version: 1.0"))
        #expect(message.messageID.hasPrefix("<") && message.messageID.hasSuffix("@shop.example>"))
        #expect(message.messageID != MailMessage(from: message.from, to: message.to, subject: "", text: "").messageID)
    }

    @Test func aChineseMessageWithAnHTMLAlternativeReadsBack() throws {
        let subject = "您的投诉 C-2026-000123 已受理，我们将在三个工作日内答复"
        let text = "尊敬的王女士：\n\n我们已收到您的投诉。\n.\n此致\n敬礼"
        let html = "<p>尊敬的王女士：</p>\n<p>我们已收到您的投诉。</p>"
        let message = MailMessage(
            from: try MailAddress("kefu@shop.example", name: "某某商城客服中心"),
            to: [try MailAddress("wang@example.cn", name: "王小明"), try MailAddress("li@example.cn")],
            subject: subject, text: text, html: html)
        let raw = message.rendered
        let parsed = try MailReader.parse(raw)
        #expect(parsed["subject"] as? String == subject)
        #expect(parsed["from_name"] as? String == "某某商城客服中心")
        #expect(parsed["to"] as? [String] == ["wang@example.cn", "li@example.cn"])
        #expect(parsed["to_names"] as? [String] == ["王小明", ""])
        #expect(parsed["text"] as? String == text + "\n")
        #expect(parsed["html"] as? String == html + "\n")
        #expect((parsed["defects"] as? [String])?.isEmpty == true, "\(parsed)")
        let head = header(of: raw)
        #expect(head.contains("multipart/alternative"))
        #expect(String(decoding: raw, as: UTF8.self).contains("Content-Transfer-Encoding: base64"))
        #expect(head.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test(arguments: [
        "Eve\r\nBcc: victim@example.com", "Eve\nBcc: victim@example.com", "Eve\rBcc: victim@example.com",
        "Eve, <other@example.com>", "\"Eve\" <x@example.com>\r\n\r\nbody", "=?UTF-8?B?QmNjOiB4?=",
    ])
    func aNameOrSubjectCannotAddAFieldOrARecipient(_ hostile: String) throws {
        let message = MailMessage(
            from: try MailAddress("complaints@shop.example", name: hostile),
            to: [try MailAddress("jane@example.com", name: hostile)],
            subject: hostile, text: "Body")
        let raw = message.rendered
        let parsed = try MailReader.parse(raw)
        #expect(
            parsed["header_names"] as? [String]
                == [
                    "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding",
                ])
        #expect(parsed["to"] as? [String] == ["jane@example.com"])
        #expect(parsed["from_address"] as? String == "complaints@shop.example")
        #expect(parsed["text"] as? String == "Body\n")
        #expect(parsed["bare_newlines"] as? Int == 0)
        // Every header line is a known field or the continuation of one.
        let known = ["From:", "To:", "Subject:", "Date:", "Message-ID:", "MIME-Version:", "Content-"]
        for line in header(of: raw).components(separatedBy: "\r\n") {
            #expect(line.hasPrefix(" ") || known.contains { line.hasPrefix($0) }, "\(line)")
        }
        // The subject comes back as the text given, line breaks and all: one field's value.
        #expect(parsed["subject"] as? String == hostile)
    }

    @Test(arguments: [
        "jane@example.com, eve@example.com", "<jane@example.com>", "Jane <jane@example.com>",
        "jane@example.com\r\nBcc: eve@example.com", "jane@example.com\n", "jane doe@example.com",
        "\"jane\"@example.com",
        "jäne@example.com", "jane@exämple.com", "jane@", "@example.com", "jane", "jane@localhost", "jane@-x.example",
        "jane..doe@example.com", ".jane@example.com", "jane@example..com", "jane@exa_mple.com",
        String(repeating: "a", count: 65) + "@example.com",
    ])
    func anAddressThatCouldSmuggleIsRefused(_ text: String) {
        #expect(throws: MailAddress.Invalid.self) { try MailAddress(text) }
    }

    @Test func longLinesAreFoldedAndWrapped() throws {
        let subject = Array(repeating: "complaint", count: 40).joined(separator: " ")
        let chineseName = String(repeating: "客服", count: 60)
        let longWord = String(repeating: "x", count: 200)
        let body = String(repeating: "A line of English text; ", count: 80) + "\n" + String(repeating: "中文", count: 500)
        for (subject, text) in [(subject, body), (chineseName, body + "\n" + longWord), (longWord, longWord)] {
            let message = MailMessage(
                from: try MailAddress("complaints@shop.example", name: chineseName),
                to: [try MailAddress("jane@example.com")], subject: subject, text: text)
            let raw = message.rendered
            let parsed = try MailReader.parse(raw)
            #expect(parsed["longest_line"] as? Int ?? 999 <= 78)
            #expect(parsed["subject"] as? String == subject)
            #expect(parsed["from_name"] as? String == chineseName)
            #expect(parsed["text"] as? String == text + "\n")
        }
        // Mostly English with a few accents stays quoted-printable, and still reads back.
        let mixed = String(repeating: "Réclamation reçue, merci. ", count: 10)
        let message = MailMessage(
            from: try MailAddress("a@shop.example"), to: [try MailAddress("b@example.com")], subject: mixed,
            text: mixed)
        let raw = message.rendered
        #expect(String(decoding: raw, as: UTF8.self).contains("quoted-printable"))
        let parsed = try MailReader.parse(raw)
        #expect(parsed["longest_line"] as? Int ?? 999 <= 78)
        #expect(parsed["text"] as? String == mixed + "\n")
    }

    @Test func theDateIsRFC5322InUTC() throws {
        let message = MailMessage(
            from: try MailAddress("a@shop.example"), to: [try MailAddress("b@example.com")], subject: "x", text: "y",
            date: 1_796_680_264)
        #expect(header(of: message.rendered).contains("\r\nDate: Mon, 07 Dec 2026 21:51:04 +0000\r\n"))
    }
}
