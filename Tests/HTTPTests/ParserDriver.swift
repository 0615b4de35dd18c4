@testable import HTTP

/// Drives an `HTTPRequestParser` over a buffer the way a connection does, for parser tests.
struct ParserDriver {
    /// What a run produced: complete requests in order, and the error that stopped it, if any.
    struct Outcome {
        var requests: [RequestHead] = []
        var error: HTTPRequestError?
    }

    /// Parses `bytes` in one go.
    static func parse(_ bytes: [UInt8], limits: HTTPServerConfiguration = HTTPServerConfiguration()) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var buffer = bytes
        return drain(&parser, &buffer)
    }

    /// Feeds `bytes` in pieces of `step` bytes, keeping unconsumed bytes between calls.
    static func parse(
        _ bytes: [UInt8], step: Int, limits: HTTPServerConfiguration = HTTPServerConfiguration()
    ) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var buffer: [UInt8] = []
        var outcome = Outcome()
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            buffer += bytes[offset..<end]
            offset = end
            let part = drain(&parser, &buffer)
            outcome.requests += part.requests
            if let error = part.error { outcome.error = error; break }
        }
        return outcome
    }

    private static func drain(_ parser: inout HTTPRequestParser, _ buffer: inout [UInt8]) -> Outcome {
        var outcome = Outcome()
        while true {
            let result = buffer.withUnsafeBufferPointer { parser.parse($0) }
            switch result {
            case .needMore(let consumed):
                buffer.removeFirst(consumed)
                return outcome
            case .head(_, let consumed):
                buffer.removeFirst(consumed)
            case .complete(let head, let consumed):
                buffer.removeFirst(consumed)
                outcome.requests.append(head)
                if buffer.isEmpty { return outcome }
            case .failure(let error):
                outcome.error = error
                return outcome
            }
        }
    }
}
