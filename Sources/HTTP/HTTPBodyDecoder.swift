/// Takes a request body off the wire: a fixed `Content-Length` or the chunked coding with
/// chunk extensions and trailers (RFC 9112 §6–7). Byte-at-a-time only on size and trailer
/// lines; chunk data is copied in bulk.
struct HTTPBodyDecoder {
    private enum State {
        case remaining(Int)
        case sizeDigits(size: Int, digits: Int)
        case sizeExtension(size: Int, length: Int)
        case sizeLF(size: Int)
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLine(length: Int, inName: Bool)
        case trailerLF(emptyLine: Bool)
        case done
    }

    private var state: State
    private var received = 0
    private var trailerBytes = 0
    private let limits: RequestLimits

    /// A decoder for a head's framing (not `.none`).
    init(framing: RequestHead.Framing, limits: RequestLimits) {
        switch framing {
        case .length(let length): state = .remaining(length)
        case .chunked: state = .sizeDigits(size: 0, digits: 0)
        case .none: state = .done
        }
        self.limits = limits
    }

    /// Whether the whole body has been received.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Decodes from `bytes`, appending payload to `body`; returns how many bytes it took.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(HTTPRequestError) -> Int
    {
        var index = 0
        while index < bytes.count {
            switch state {
            case .remaining(let remaining), .data(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                if case .remaining = state {
                    state = remaining == take ? .done : .remaining(remaining - take)
                } else {
                    state = remaining == take ? .dataCR : .data(remaining: remaining - take)
                }
            case .done:
                return index
            default:
                try step(bytes[index])
                index += 1
            }
        }
        return index
    }

    /// One byte of a chunk-size line, a chunk's CRLF or the trailer section.
    private mutating func step(_ byte: UInt8) throws(HTTPRequestError) {
        switch state {
        case .sizeDigits(let size, let digits):
            if let value = HTTPSyntax.hexValue(byte) {
                // RFC 9112 §7.1: guard against integer overflow; 15 hex digits exceed any limit.
                guard digits < 15 else { throw .badRequest("A chunk size is too long.") }
                state = .sizeDigits(size: size << 4 | value, digits: digits + 1)
                return
            }
            guard digits > 0 else { throw .badRequest("A chunk size is not hexadecimal.") }
            // RFC 9112 §7.1: the limit is counted as chunks are announced, before their data.
            guard received + size <= limits.body else { throw .contentTooLarge }
            received += size
            if byte == HTTPSyntax.cr {
                state = .sizeLF(size: size)
            } else if byte == UInt8(ascii: ";") || HTTPSyntax.isWhitespace(byte) {
                state = .sizeExtension(size: size, length: 1)
            } else {
                throw .badRequest("A chunk size is not hexadecimal.")
            }
        case .sizeExtension(let size, let length):
            // Chunk extensions (RFC 9112 §7.1.1) are ignored but must stay one bounded line.
            if byte == HTTPSyntax.cr {
                state = .sizeLF(size: size)
            } else {
                guard HTTPSyntax.isFieldValueByte(byte), length < limits.headerLine else {
                    throw .badRequest("A chunk extension is malformed or too long.")
                }
                state = .sizeExtension(size: size, length: length + 1)
            }
        case .sizeLF(let size):
            guard byte == HTTPSyntax.lf else { throw .badRequest("A chunk size line does not end in CRLF.") }
            state = size == 0 ? .trailerLine(length: 0, inName: true) : .data(remaining: size)
        case .dataCR:
            guard byte == HTTPSyntax.cr else { throw .badRequest("Chunk data is not followed by CRLF.") }
            state = .dataLF
        case .dataLF:
            guard byte == HTTPSyntax.lf else { throw .badRequest("Chunk data is not followed by CRLF.") }
            state = .sizeDigits(size: 0, digits: 0)
        case .trailerLine(let length, let inName):
            try stepTrailer(byte, length: length, inName: inName)
        case .trailerLF(let emptyLine):
            guard byte == HTTPSyntax.lf else { throw .badRequest("The request has a bare CR.") }
            state = emptyLine ? .done : .trailerLine(length: 0, inName: true)
        case .remaining, .data, .done:
            preconditionFailure("bulk states are handled by decode")
        }
    }

    /// Trailer fields (RFC 9112 §7.1.2) are checked like header fields and then dropped: the
    /// application sees the headers it was sent, never fields merged from after the body.
    private mutating func stepTrailer(_ byte: UInt8, length: Int, inName: Bool) throws(HTTPRequestError) {
        trailerBytes += 1
        guard trailerBytes <= limits.headerBlock else {
            throw .headerFieldsTooLarge("The trailer section is larger than the server accepts.")
        }
        if byte == HTTPSyntax.cr {
            guard length == 0 || !inName else { throw .badRequest("A trailer field line has no colon.") }
            state = .trailerLF(emptyLine: length == 0)
        } else if inName {
            if byte == HTTPSyntax.colon, length > 0 {
                state = .trailerLine(length: length + 1, inName: false)
            } else {
                guard HTTPSyntax.isTokenByte(byte) else { throw .badRequest("A trailer field name is not a token.") }
                state = .trailerLine(length: length + 1, inName: true)
            }
        } else {
            guard HTTPSyntax.isFieldValueByte(byte) else {
                throw .badRequest("A trailer field value has a control character.")
            }
            state = .trailerLine(length: length + 1, inName: false)
        }
    }
}
