/// Why a message was not sent, and whether sending it again may succeed.
public struct MailDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// True when the server refused the message for good: a 5xx reply to `MAIL FROM`, `RCPT TO`
    /// or `DATA` (an unknown recipient, a sender or content refused). Everything else is
    /// temporary and worth retrying: a 4xx reply, a 5xx to the greeting, `EHLO`, `STARTTLS` or
    /// `AUTH` (the server's or the configuration's problem, which an operator can mend), a
    /// dropped connection, a timeout, a TLS failure, a malformed or oversized reply.
    public let isPermanent: Bool
    /// The server's reply code, when a reply caused the failure.
    public let code: Int?
    public let description: String

    public init(isPermanent: Bool, code: Int?, _ description: String) {
        self.isPermanent = isPermanent
        self.code = code
        self.description = description
    }
}

/// A mail submission client (RFC 5321, 6409): one message per connection — greeting, `EHLO`,
/// `STARTTLS` and `EHLO` again as `SMTPConfiguration` says, `AUTH` when it has credentials (only
/// over TLS unless the URL says `tls=none`), `MAIL FROM`, `RCPT TO` for each recipient, `DATA`
/// with dot-stuffing, `QUIT`. Every step ends within one deadline; replies are read strictly
/// (each line `code SP text` or `code - text` ending in CRLF, one code throughout, at most
/// `maxReplyLineBytes` a line and `maxReplyBytes` a reply). The server is the operator's own
/// configuration, so `AddressPolicy` does not apply to it: a relay on this machine or network is
/// normal.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    /// The whole exchange's limit (30 s by default): connecting, the handshakes, every command
    /// and reply, and sending the message, resolving aside.
    public var timeout: Duration
    /// The longest reply line read, CRLF included (RFC 5321 §4.5.3.1.5).
    public var maxReplyLineBytes = 512
    /// The most of one reply, all its lines, read.
    public var maxReplyBytes = 8 * 1024
    private let tls: TLSContextCache

    /// A client for `configuration`, trusting `trustedAuthorities` (a PEM file) besides the
    /// system's certificate store.
    public init(_ configuration: SMTPConfiguration, timeout: Duration = .seconds(30), trustedAuthorities: String? = nil)
    {
        self.configuration = configuration
        self.timeout = timeout
        tls = TLSContextCache(trustedAuthorities: trustedAuthorities)
    }

    /// Sends `message` from its `from` address to each of its `to` addresses, or throws why not.
    public func send(_ message: MailMessage) throws(MailDeliveryError) {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        do {
            try SMTPSession(client: self, deadline: deadline).exchange(message)
        } catch let refused as Refused {
            throw refused.error
        } catch let error as OutboundError {
            throw MailDeliveryError(isPermanent: false, code: nil, error.description)
        } catch {
            throw MailDeliveryError(isPermanent: false, code: nil, "\(error)")
        }
    }

    fileprivate func tlsContext() throws(OutboundError) -> TLSContext { try tls.context() }
}

/// The commands the client sends, for saying which one a reply refused and whether a 5xx to it
/// is permanent.
private enum Command: String {
    case greeting = "the connection", ehlo = "EHLO", startTLS = "STARTTLS", auth = "AUTH", mail = "MAIL FROM"
    case recipient = "RCPT TO", data = "DATA", message = "the message"

    var refusalIsPermanent: Bool { [.mail, .recipient, .data, .message].contains(self) }
}

/// Thrown out of a session when a reply is not the one expected.
private struct Refused: Error {
    let error: MailDeliveryError
}

/// One connection to the server and what has been read from it but not yet used.
private final class SMTPSession {
    private let client: SMTPClient
    private let deadline: ContinuousClock.Instant
    private let socket: ClientSocket
    private var transport: any Transport
    private var isEncrypted = false
    private var buffer: [UInt8] = []

    init(client: SMTPClient, deadline: ContinuousClock.Instant) throws(OutboundError) {
        let configuration = client.configuration
        self.client = client
        self.deadline = deadline
        socket = try ClientSocket.connect(
            host: configuration.host, port: configuration.port, allowPrivate: true, deadline: deadline)
        transport = socket
        if configuration.security == .implicit { try startTLS() }
    }

    /// The whole conversation for `message`; after a refusal the client still says `QUIT`.
    func exchange(_ message: MailMessage) throws {
        do {
            try converse(message)
        } catch let refused as Refused {
            try? send("QUIT")
            throw refused
        }
    }

    private func converse(_ message: MailMessage) throws {
        let configuration = client.configuration
        try expect(200...299, after: .greeting)
        var extensions = try hello(message.from.domain)
        if !isEncrypted && configuration.security != .none {
            if extensions.keys.contains("STARTTLS") {
                try send("STARTTLS")
                try expect(200...299, after: .startTLS)
                // Anything the server sent after its reply, before the handshake, could be
                // taken for an encrypted reply later (a command injection): refused.
                guard buffer.isEmpty else {
                    throw OutboundError(.malformedResponse, "\(transport.peer) sent more after agreeing to STARTTLS")
                }
                try startTLS()
                extensions = try hello(message.from.domain)
            } else if configuration.security == .required {
                throw Refused(
                    error: MailDeliveryError(
                        isPermanent: false, code: nil,
                        "\(transport.peer) does not offer STARTTLS, which the configuration requires"))
            }
        }
        if let user = configuration.user, let password = configuration.password {
            guard isEncrypted || configuration.security == .none else {
                throw Refused(
                    error: MailDeliveryError(
                        isPermanent: false, code: nil, "credentials are not sent to \(transport.peer) without TLS"))
            }
            try authenticate(user: user, password: password, mechanisms: extensions["AUTH"] ?? [])
        }
        try send("MAIL FROM:<\(message.from.address)>")
        try expect(200...299, after: .mail)
        for recipient in message.to {
            try send("RCPT TO:<\(recipient.address)>")
            try expect(200...299, after: .recipient)
        }
        try send("DATA")
        try expect(300...399, after: .data)
        try transport.write(Self.dotStuffed(message.rendered) + Array(".\r\n".utf8), before: deadline)
        try expect(200...299, after: .message)
        try? send("QUIT")
    }

    /// `EHLO` and the extensions the server names, each with its parameters in upper case.
    private func hello(_ name: String) throws -> [String: [String]] {
        try send("EHLO \(name)")
        let lines = try expect(200...299, after: .ehlo)
        var extensions: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.uppercased().split(separator: " ").map(String.init)
            if let keyword = words.first { extensions[keyword] = Array(words.dropFirst()) }
        }
        return extensions
    }

    /// AUTH PLAIN (RFC 4616), or LOGIN when the server offers only that.
    private func authenticate(user: String, password: String, mechanisms: [String]) throws {
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            try send("AUTH PLAIN " + Base64.encode([0] + Array(user.utf8) + [0] + Array(password.utf8)))
        } else {
            try send("AUTH LOGIN")
            try expect(300...399, after: .auth)
            try send(Base64.encode(Array(user.utf8)))
            try expect(300...399, after: .auth)
            try send(Base64.encode(Array(password.utf8)))
        }
        try expect(200...299, after: .auth)
    }

    private func startTLS() throws(OutboundError) {
        let configuration = client.configuration
        transport = try TLSStream(
            over: socket, context: try client.tlsContext(), host: configuration.host,
            isAddress: configuration.isAddress, deadline: deadline)
        isEncrypted = true
    }

    private func send(_ command: String) throws(OutboundError) {
        try transport.write(Array((command + "\r\n").utf8), before: deadline)
    }

    /// Reads a reply and returns its lines' texts when its code is in `accepted`; otherwise
    /// throws the refusal of `command`.
    @discardableResult
    private func expect(_ accepted: ClosedRange<Int>, after command: Command) throws -> [String] {
        let (code, lines) = try readReply()
        guard accepted.contains(code) else {
            let what = "\(transport.peer) answered \(command.rawValue) with \(code) \(lines.joined(separator: " / "))"
            throw Refused(
                error: MailDeliveryError(
                    isPermanent: code >= 500 && command.refusalIsPermanent, code: code, what))
        }
        return lines
    }

    /// One reply: its code and the text of each line.
    private func readReply() throws(OutboundError) -> (Int, [String]) {
        var code: Int?
        var lines: [String] = []
        var total = 0
        while true {
            let line = try readLine()
            total += line.count + 2
            guard total <= client.maxReplyBytes else {
                throw OutboundError(.tooLarge, "reply longer than \(client.maxReplyBytes) bytes from \(transport.peer)")
            }
            guard line.count >= 3, line[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
                (0x32...0x35).contains(line[0]),
                line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-"),
                line.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F })
            else { throw OutboundError(.malformedResponse, "malformed reply line from \(transport.peer)") }
            let lineCode = line[0...2].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard code == nil || code == lineCode else {
                throw OutboundError(.malformedResponse, "reply lines with different codes from \(transport.peer)")
            }
            code = lineCode
            lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
            if line.count == 3 || line[3] == UInt8(ascii: " ") { return (lineCode, lines) }
        }
    }

    /// One line without its CRLF; a bare CR or LF is malformed.
    private func readLine() throws(OutboundError) -> [UInt8] {
        var searched = 0
        while true {
            if let end = buffer[searched...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                guard end + 2 <= client.maxReplyLineBytes else { throw tooLong }
                guard buffer[end] == 0x0D, end + 1 == buffer.count || buffer[end + 1] == 0x0A else {
                    throw OutboundError(.malformedResponse, "a reply line not ended by CRLF from \(transport.peer)")
                }
                if end + 1 < buffer.count {
                    let line = Array(buffer[..<end])
                    buffer.removeFirst(end + 2)
                    return line
                }
                searched = end  // a CR, its LF yet to come
            } else {
                searched = buffer.count
                guard buffer.count + 2 <= client.maxReplyLineBytes else { throw tooLong }
            }
            try fill()
        }
    }

    private var tooLong: OutboundError {
        OutboundError(.tooLarge, "reply line longer than \(client.maxReplyLineBytes) bytes from \(transport.peer)")
    }

    private func fill() throws(OutboundError) {
        let chunk = try transport.read(upTo: 4096, before: deadline)
        guard !chunk.isEmpty else {
            throw OutboundError(.connection, "\(transport.peer) closed the connection before its reply ended")
        }
        buffer += chunk
    }

    /// The message with a `.` added before every line starting with one (RFC 5321 §4.5.2).
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { result.append(byte) }
            result.append(byte)
            atLineStart = byte == 0x0A
        }
        return result
    }
}
