import Glibc

/// An e-mail address and an optional display name. The address is ASCII `local@domain`: a
/// dot-atom local part (RFC 5322 §3.2.3) and a domain of letters, digits, hyphens and dots, so it
/// can hold no space, comma, angle bracket, quote or line break and can smuggle in no second
/// recipient or header field; internationalised addresses (SMTPUTF8) are refused. The name may
/// be any text: it is only ever written through the encoders (`MailHeader`).
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// Why a text is no address the client sends to; `message` reads after the field's name.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The address, as given.
    public let address: String
    /// The display name, if any.
    public let name: String?

    /// Validates `address`, or throws why it cannot be used.
    public init(_ address: String, name: String? = nil) throws(Invalid) {
        guard address.utf8.count <= 254 else { throw Invalid(message: "must be at most 254 characters") }
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else {
            throw Invalid(message: "must be an address such as name@example.com")
        }
        let local = address.utf8[..<at]
        let domain = address.utf8[address.utf8.index(after: at)...]
        let atext = Array("!#$%&'*+-/=?^_`{|}~".utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        let localAtoms = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...64).contains(local.count),
            localAtoms.allSatisfy({ !$0.isEmpty && $0.allSatisfy { isAlphanumeric($0) || atext.contains($0) } })
        else { throw Invalid(message: "must have a local part of letters, digits, dots and !#$%&'*+-/=?^_`{|}~") }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                (1...63).contains(label.count) && label.first != UInt8(ascii: "-")
                    && label.last != UInt8(ascii: "-")
                    && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            })
        else { throw Invalid(message: "must have a domain of letters, digits, hyphens and dots") }
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The part after the `@`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }
}

/// A message ready to send: the sender, the recipients, a subject, a plain-text body and an
/// optional HTML alternative. `rendered` writes it as MIME (RFC 2045–2047, 5322): UTF-8
/// throughout, every header value through `MailHeader`'s encoders, bodies quoted-printable or
/// base64 (`MailBody`) with CRLF line endings, a `Message-ID` in the sender's domain and a `Date`.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    /// The plain-text body; its line breaks (LF, CR or CRLF) are written as CRLF.
    public var text: String
    /// An HTML rendering of the same text, sent as the preferred part of multipart/alternative.
    public var html: String?
    /// `<random@sender-domain>`, made when the message is (not settable: every header value is
    /// made by the encoders or from validated parts).
    public private(set) var messageID: String
    /// When the message was written, in seconds since 1970 (UTC).
    public var date: Int

    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, html: String? = nil,
        date: Int = time(nil)
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        var random = SystemRandomNumberGenerator()
        let token = (0..<2).map { _ in
            let hex = String(random.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        messageID = "<\(token)@\(from.domain)>"
    }

    /// The message as it is sent: header fields, an empty line and the body, lines ended by CRLF.
    public var rendered: [UInt8] {
        var head = [
            MailHeader.field("From", MailHeader.mailbox(from)),
            MailHeader.field(
                "To",
                to.enumerated().flatMap { index, address in
                    var tokens = MailHeader.mailbox(address)
                    if index < to.count - 1 { tokens[tokens.count - 1] += "," }
                    return tokens
                }),
            MailHeader.field("Subject", MailHeader.unstructured(subject)),
            MailHeader.field("Date", [MailHeader.date(date)]),
            MailHeader.field("Message-ID", [messageID]),
            MailHeader.field("MIME-Version", ["1.0"]),
        ].joined()
        var body = ""
        let textPart = MailBody(text, subtype: "plain")
        if let html {
            let boundary = "=_redress_" + messageID.dropFirst().prefix { $0 != "@" }
            head += MailHeader.field("Content-Type", ["multipart/alternative;", "boundary=\"\(boundary)\""])
            for part in [textPart, MailBody(html, subtype: "html")] {
                body += "--\(boundary)\r\n\(part.fields)\r\n\(part.encoded)"
            }
            body += "--\(boundary)--\r\n"
        } else {
            head += textPart.fields
            body = textPart.encoded
        }
        return Array((head + "\r\n" + body).utf8)
    }
}

/// The header encoders, the only way a value enters a header: text that is not plain printable
/// ASCII words (any line break, control character, non-ASCII letter, or anything that could be
/// read as an encoded word) becomes RFC 2047 encoded words (`=?UTF-8?B?...?=`), so no value can
/// break its line; and lines are folded before 78 characters wherever a space may stand.
enum MailHeader {
    /// The longest line written, as RFC 5322 §2.1.1 recommends (an address alone may exceed it,
    /// up to the 998 limit).
    static let lineLength = 78

    /// `Name: token token ...` with CRLF, folded between tokens (none holds white space).
    static func field(_ name: String, _ tokens: [String]) -> String {
        var result = "\(name):"
        var lineCount = result.utf8.count
        for token in tokens {
            if lineCount + 1 + token.utf8.count > lineLength && lineCount > name.utf8.count + 1 {
                result += "\r\n"
                lineCount = 0
            }
            result += " " + token
            lineCount += 1 + token.utf8.count
        }
        return result + "\r\n"
    }

    /// An unstructured value (a subject) as tokens: its words as they are when it is plain
    /// printable ASCII with single spaces, otherwise encoded words.
    static func unstructured(_ text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let plain =
            !text.isEmpty && !text.contains("=?")
            && words.allSatisfy { word in
                !word.isEmpty && word.utf8.count <= 60 && word.utf8.allSatisfy { (0x21...0x7E).contains($0) }
            }
        return plain ? words.map(String.init) : encodedWords(text)
    }

    /// A mailbox: `address` alone, or a display name and `<address>`. A name of letters, digits
    /// and single spaces is written as it is; any other is encoded words (never a quoted string).
    static func mailbox(_ mailbox: MailAddress) -> [String] {
        guard let name = mailbox.name else { return [mailbox.address] }
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        let plain = words.allSatisfy { word in
            !word.isEmpty && word.utf8.count <= 60
                && word.utf8.allSatisfy {
                    (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                }
        }
        return (plain ? words.map(String.init) : encodedWords(name)) + ["<\(mailbox.address)>"]
    }

    /// `text` as B-encoded words of whole characters, each short enough to follow a field name
    /// on one line.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Base64.encode(chunk))?=") }
        return words
    }

    /// `Mon, 07 Dec 2026 21:51:04 +0000` (RFC 5322 §3.3), in UTC.
    static func date(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }
}

/// One text part: its `Content-Type` and `Content-Transfer-Encoding` fields and its body with CRLF
/// line endings. Mostly-ASCII text is quoted-printable (readable as it is); other text, such as
/// Chinese, is base64, which is shorter for it. Either way no line exceeds 76 characters.
struct MailBody {
    let fields: String
    let encoded: String

    init(_ text: String, subtype: String) {
        let lines = Self.lines(of: text)
        let bytes = Array(lines.joined(separator: [0x0D, 0x0A]))
        let nonASCII = bytes.filter { $0 >= 0x80 }.count
        let base64 = nonASCII * 4 > bytes.count
        fields =
            MailHeader.field("Content-Type", ["text/\(subtype);", "charset=UTF-8"])
            + MailHeader.field("Content-Transfer-Encoding", [base64 ? "base64" : "quoted-printable"])
        if base64 {
            let whole = Base64.encode(Array(bytes) + [0x0D, 0x0A])
            var result = ""
            var index = whole.startIndex
            while index < whole.endIndex {
                let end = whole.index(index, offsetBy: 76, limitedBy: whole.endIndex) ?? whole.endIndex
                result += whole[index..<end] + "\r\n"
                index = end
            }
            encoded = result
        } else {
            encoded = lines.map(Self.quotedPrintable).joined()
        }
    }

    /// The lines of `text`, split at CRLF, LF or CR.
    static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous == 0x0D {
            } else if byte == 0x0A || byte == 0x0D {
                lines.append([])
            } else {
                lines[lines.count - 1].append(byte)
            }
            previous = byte
        }
        return lines
    }

    /// One line quoted-printable (RFC 2045 §6.7) with its CRLF: printable ASCII but `=` as it is,
    /// white space as it is unless it ends the line, the rest `=XX`, soft breaks before 76.
    static func quotedPrintable(_ line: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        var lineCount = 0
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let literal =
                (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=") || (byte == 0x20 || byte == 0x09) && !isLast
            let token = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            // A soft break ("=") needs a column of its own: the line holds at most 75 before it.
            if lineCount + token.count > (isLast ? 76 : 75) {
                result += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineCount = 0
            }
            result += token
            lineCount += token.count
        }
        return String(decoding: result + [0x0D, 0x0A], as: UTF8.self)
    }
}

/// Base64 (RFC 4648 §4) with padding.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0..<4 {
                result.append(
                    position <= count ? alphabet[Int(group >> UInt32(18 - 6 * position) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: result, as: UTF8.self)
    }
}
