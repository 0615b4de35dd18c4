/// Turns bytes into requests: the head parser, then the body decoder the head's framing calls for.
///
/// Pure: no I/O, no clock. The caller keeps the unconsumed bytes and calls again when more arrive.
struct HTTPRequestParser {
    /// The outcome of one call.
    enum Result {
        /// Nothing more can be parsed yet; `consumed` bytes (body bytes taken in) may be dropped.
        case needMore(consumed: Int)
        /// A head whose body follows; call again for it. The connection answers `Expect:
        /// 100-continue` at this point.
        case head(RequestHead, consumed: Int)
        /// A whole request, body included.
        case complete(RequestHead, consumed: Int)
        /// The request is refused with this error; the connection must close after answering.
        case failure(HTTPRequestError)
    }

    private let limits: RequestLimits
    private var headParser: HTTPRequestHeadParser
    private var pendingBody: (head: RequestHead, decoder: HTTPBodyDecoder, body: [UInt8])?

    /// A parser enforcing the configuration's limits.
    init(limits: HTTPServerConfiguration) {
        self.limits = RequestLimits(limits)
        headParser = HTTPRequestHeadParser(limits: self.limits)
    }

    /// Whether a head has been parsed whose body is still being received.
    var isReadingBody: Bool { pendingBody != nil }

    /// The head whose body is being received, or that was being received when parsing failed.
    var headInProgress: RequestHead? { pendingBody?.head }

    /// Parses from `bytes`: all bytes not consumed by earlier calls, with any new ones after them.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        guard var pending = pendingBody else {
            switch headParser.parse(bytes) {
            case .needMore:
                return .needMore(consumed: 0)
            case .failure(let error):
                return .failure(error)
            case .complete(let head, let consumed):
                if head.framing == .none { return .complete(head, consumed: consumed) }
                var body: [UInt8] = []
                if case .length(let length) = head.framing { body.reserveCapacity(length) }
                pendingBody = (head, HTTPBodyDecoder(framing: head.framing, limits: limits), body)
                return .head(head, consumed: consumed)
            }
        }
        pendingBody = nil
        do {
            let consumed = try pending.decoder.decode(bytes, into: &pending.body)
            guard pending.decoder.isComplete else {
                pendingBody = pending
                return .needMore(consumed: consumed)
            }
            var head = pending.head
            head.request.body = pending.body
            return .complete(head, consumed: consumed)
        } catch {
            pendingBody = pending
            return .failure(error)
        }
    }
}
