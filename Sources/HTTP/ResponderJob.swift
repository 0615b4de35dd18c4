/// One request on its way to the application, and where its response goes.
struct ResponderJob: Sendable {
    /// The request, with its identifier and peer address filled in.
    var request: HTTPRequest
    /// The connection the response goes to.
    let connection: ConnectionHandle
    /// The response's place in the connection's order.
    let sequence: Int
    /// Whether the response carries `Connection: close` and the connection ends after it.
    let closes: Bool
    /// When the request was parsed complete.
    let receivedAt: MonotonicInstant

    /// Safe methods may be answered in parallel with the requests pipelined around them
    /// (RFC 9112 §9.3.2); any other waits until the responses before it have gone out.
    var isSafe: Bool {
        switch request.method {
        case .get, .head, .options, HTTPMethod(rawValue: "TRACE"): true
        default: false
        }
    }

    /// Asks the application and posts its response to the connection's loop; runs on a worker
    /// thread.
    func run(in context: ServerContext, encoder: inout ResponseEncoder) {
        let response = context.responder.respond(to: request)
        answer(with: response, in: context, encoder: &encoder, to: connection)
    }

    /// Answers on the calling event loop, handing the response to `sink`, if the application
    /// can without blocking; false when the job must go to a worker.
    func runWithoutBlocking(
        in context: ServerContext, encoder: inout ResponseEncoder, to sink: some ResponseSink
    ) -> Bool {
        var request = request
        request.mayWait = false
        guard let response = context.responder.respondWithoutBlocking(to: request) else { return false }
        answer(with: response, in: context, encoder: &encoder, to: sink)
        return true
    }

    /// Encodes the response and hands it to `sink`, or starts its stream.
    private func answer(
        with response: HTTPResponse, in context: ServerContext, encoder: inout ResponseEncoder,
        to sink: some ResponseSink
    ) {
        let isHTTP10 = request.version == .http1_0
        var record = context.observer.map { _ in ExchangeRecord(request: request, startedAt: receivedAt) }
        record?.status = response.status.code
        record?.route = response.route
        // RFC 9110 §6.4.1, §15.3.5, §15.4.5: 1xx, 204 and 304 never have content; HEAD is
        // answered with GET's fields and no content (§9.3.2).
        let code = response.status.code
        let bodiless = code < 200 || code == 204 || code == 304
        let sendsBody = !bodiless && request.method != .head
        switch response.body {
        case .bytes(let body):
            let closes = closes || context.isShuttingDown.load(ordering: .relaxed)
            // A large body is sent from the buffer it is in, after the head, rather than copied
            // behind the head: one copy fewer, and a shared document stays shared.
            let apart = sendsBody && body.count > ResponseEncoder.largestCopiedBody
            let bytes = encoder.encode(
                status: response.status, headers: response.headers, framing: bodiless ? .none : .length(body.count),
                requestID: request.requestID, connection: option(closes: closes, isHTTP10: isHTTP10),
                body: sendsBody && !apart ? body : nil
            )
            record?.bodyBytes = sendsBody ? body.count : 0
            sink.finish(sequence, with: bytes, body: apart ? body : [], record: record, closesAfter: closes)
        case .stream(let produce):
            // An HTTP/1.0 client cannot read chunks: its body ends when the connection does
            // (RFC 9112 §6.3, rule 8).
            let closes = closes || isHTTP10 || context.isShuttingDown.load(ordering: .relaxed)
            let framing: ResponseEncoder.Framing = bodiless ? .none : (isHTTP10 ? .untilClose : .chunked)
            let head = encoder.encode(
                status: response.status, headers: response.headers, framing: framing,
                requestID: request.requestID, connection: option(closes: closes, isHTTP10: isHTTP10)
            )
            guard sendsBody else {
                sink.finish(sequence, with: head, body: [], record: record, closesAfter: closes)
                return
            }
            let writer = StreamBodyWriter(
                connection: connection, sequence: sequence, chunked: !isHTTP10, closesAfter: closes,
                highWaterMark: context.configuration.streamHighWaterMark,
                headBytes: head.count, record: record)
            sink.startStream(sequence, head: head, writer: writer)
            produce(writer)
        }
    }

    private func option(closes: Bool, isHTTP10: Bool) -> ConnectionOption {
        closes ? .close : (isHTTP10 ? .keepAlive : .persistent)
    }
}
