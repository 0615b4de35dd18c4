/// Where and how mail is submitted, read from a URL such as `REDRESS_SMTP_URL`:
///
/// - `smtp://host[:port]` (port 587 by default): STARTTLS when the server offers it, plain
///   otherwise; with `?tls=required` the message is not sent unless STARTTLS succeeds; with
///   `?tls=none` STARTTLS is never tried.
/// - `smtps://host[:port]` (port 465 by default): TLS from the first byte (implicit TLS).
/// - `user:password@` before the host (percent-encoded, as in any URL) makes the client
///   authenticate (AUTH PLAIN, or LOGIN when the server offers only that). Credentials are never
///   sent in clear: with them, `smtp://` requires STARTTLS as if `?tls=required` were given,
///   unless the URL says `?tls=none`, the operator's explicit choice for a relay on a trusted
///   network.
///
/// Once a server offers STARTTLS, a failed handshake (a certificate refused) fails the attempt;
/// the client never falls back to plain text after it. The server's certificate must chain to the system's store (or to the client's extra
/// authorities) and name its host. `description` never shows the password.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable {
        /// TLS from the start (`smtps://`).
        case implicit
        /// STARTTLS, or no message sent.
        case required
        /// STARTTLS when offered (`smtp://` without credentials and without `tls=`).
        case opportunistic
        /// Plain text, never STARTTLS (`?tls=none`).
        case none
    }

    /// Why a URL cannot be used; `message` reads after the setting's name.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The host in lower case; an IPv6 address without its brackets.
    public let host: String
    /// Whether `host` is an IP address rather than a name.
    public let isAddress: Bool
    public let port: Int
    public let security: Security
    public let user: String?
    public let password: String?

    /// Reads `text`, or throws why it cannot be used.
    public init(parsing text: String) throws(Invalid) {
        guard let separator = text.firstRange(of: "://") else {
            throw Invalid(message: "must be an smtp:// or smtps:// URL")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw Invalid(message: "must be an smtp:// or smtps:// URL")
        }
        var rest = text[separator.upperBound...]
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            let colon = credentials.firstIndex(of: ":")
            guard let colon,
                let decodedUser = Self.percentDecoded(credentials[..<colon]),
                let decodedPassword = Self.percentDecoded(credentials[credentials.index(after: colon)...]),
                !decodedUser.isEmpty, !decodedPassword.isEmpty
            else { throw Invalid(message: "must write credentials as user:password@, percent-encoded") }
            user = decodedUser
            password = decodedPassword
            rest = rest[rest.index(after: at)...]
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/") else { throw Invalid(message: "must have no path") }
        // Host and port are read as an HTTP URL's would be; the scheme stands in for the default port.
        let url: OutboundURL
        do { url = try OutboundURL(parsing: "http://\(rest)") } catch { throw Invalid(message: error.message) }
        let defaultPort = scheme == "smtps" ? 465 : 587
        let hasPort = (rest.lastIndex(of: "]").map { rest[$0...] } ?? rest).contains(":")
        var security: Security = scheme == "smtps" ? .implicit : user == nil ? .opportunistic : .required
        for parameter in query.split(separator: "&") {
            switch parameter {
            case "tls=required" where scheme == "smtp": security = .required
            case "tls=none" where scheme == "smtp": security = .none
            default:
                throw Invalid(message: "has an unknown parameter \(parameter) (smtp:// knows tls=required, tls=none)")
            }
        }
        host = url.host
        isAddress = url.isAddress
        port = hasPort ? url.port : defaultPort
        self.security = security
        self.user = user
        self.password = password
    }

    public var description: String {
        let scheme = security == .implicit ? "smtps" : "smtp"
        let credentials = user.map { "\($0):***@" } ?? ""
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        let query = security == .required ? "?tls=required" : security == .none ? "?tls=none" : ""
        return "\(scheme)://\(credentials)\(host):\(port)\(query)"
    }

    /// `text` with `%XX` escapes decoded, or nil when one is malformed or the result is not UTF-8
    /// or holds a control character.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self),
            !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return decoded
    }
}
