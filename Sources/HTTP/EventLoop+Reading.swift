import Glibc

extension EventLoop {
    /// The interim response to `Expect: 100-continue` (RFC 9110 §15.2.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Reads what the socket has, up to the read budget, and parses it.
    func readable(_ connection: Connection) {
        synchronize(connection, resumingReads: false)
        guard connections[Int(connection.fd)] === connection else { return }
        guard connection.state.isReading else {
            connection.mayHaveInput = true
            if connection.state.isLingering { discardInput(connection) }
            return
        }
        var budget = Self.readBudget
        while connection.state.isReading {
            // Parse ahead, but stop reading once enough requests wait for answers; the outbox
            // then reports completions so that reading resumes.
            if connection.state.outstanding >= configuration.maxPipelinedRequests {
                synchronize(connection, requestingNotice: true, resumingReads: false)
                guard connections[Int(connection.fd)] === connection else { return }
                if connection.state.outstanding >= configuration.maxPipelinedRequests {
                    connection.mayHaveInput = true
                    break
                }
            }
            if connection.inputStalled {
                connection.inputStalled = false
                receive(UnsafeBufferPointer(start: nil, count: 0), on: connection)
                guard connections[Int(connection.fd)] === connection else { return }
                continue
            }
            let count: Int?
            do {
                count = try nonBlockingSystemCall("recv") { recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0) }
            } catch {
                return close(connection)
            }
            guard let count else {
                connection.mayHaveInput = false
                break
            }
            if count == 0 {
                if connection.state.peerClosedInput() == .close { return close(connection) }
                break
            }
            receive(UnsafeBufferPointer(rebasing: readBuffer[..<count]), on: connection)
            guard connections[Int(connection.fd)] === connection else { return }
            if connection.inputStalled { continue }
            // A short read drained the socket; an edge will announce anything that arrives later.
            if count < readBuffer.count {
                connection.mayHaveInput = false
                break
            }
            budget -= count
            if budget <= 0 {
                connection.mayHaveInput = true
                moreToRead.append(connection)
                break
            }
        }
        updateIdle(connection)
    }

    /// Gives connections that hit their read budget another turn.
    func readAgain() {
        guard !moreToRead.isEmpty else { return }
        let pending = moreToRead
        moreToRead = []
        for connection in pending where connections[Int(connection.fd)] === connection {
            readable(connection)
        }
    }

    /// Parses newly read bytes, after any kept from earlier reads. Bytes are copied into the
    /// connection only when a request is left incomplete, so a connection between requests
    /// holds no buffer.
    private func receive(_ bytes: UnsafeBufferPointer<UInt8>, on connection: Connection) {
        if connection.input.isEmpty {
            let consumed = parse(bytes, on: connection)
            if consumed < bytes.count, connection.state.isReading {
                connection.input.append(contentsOf: bytes[consumed...])
            }
        } else {
            connection.input.append(contentsOf: bytes)
            let consumed = connection.input.withUnsafeBufferPointer { parse($0, on: connection) }
            if consumed == connection.input.count || !connection.state.isReading {
                connection.input = []
            } else {
                connection.input.removeFirst(consumed)
            }
        }
    }

    /// Runs the parser over `bytes` until it needs more; returns how many bytes it used.
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, on connection: Connection) -> Int {
        var offset = 0
        while connection.state.isReading, connection.state.outstanding < configuration.maxPipelinedRequests {
            let rest = UnsafeBufferPointer(rebasing: bytes[offset...])
            switch connection.parser.parse(rest) {
            case .needMore(let consumed):
                offset += consumed
                if connection.parser.isReadingBody {
                    if consumed > 0 { connection.state.bodyBytesReceived(at: now) }
                } else if offset < bytes.count {
                    connection.state.headBytesReceived(at: now)
                }
                return offset
            case .head(let head, let consumed):
                offset += consumed
                connection.state.bodyStarted(at: now)
                // RFC 9110 §10.1.1: the client waits for 100 before sending the body; the
                // limits have already been applied, so a 413 would have come instead. It is
                // skipped when body bytes are already here.
                if head.expectsContinue, offset == bytes.count {
                    connection.outbox.append(Self.continueResponse, to: connection.nextSequence, at: now)
                }
            case .complete(let head, let consumed):
                offset += consumed
                accept(head, on: connection)
            case .failure(let error):
                refuse(error, on: connection)
                return offset
            }
        }
        connection.inputStalled = connection.state.isReading && offset < bytes.count
        return offset
    }

    /// Queues a parsed request for the workers, or holds it behind the requests before it.
    private func accept(_ head: RequestHead, on connection: Connection) {
        var request = head.request
        if request.requestID.isEmpty { request.requestID = requestIDs.next() }
        request.remoteAddress = connection.remoteAddress
        let closes = connection.state.requestReceived(at: now, keepAlive: head.keepAlive)
        let job = ResponderJob(request: request, outbox: connection.outbox, sequence: connection.nextSequence,
                               closes: closes, receivedAt: now)
        connection.nextSequence += 1
        if connection.mayRun(job) {
            connection.markRunning(job)
            jobs.append(job)
        } else {
            connection.held.append(job)
            synchronize(connection, requestingNotice: true, resumingReads: false)
        }
    }

    /// Answers a request the server refuses itself with a problem document and `Connection:
    /// close`, after the responses already owed.
    func refuse(_ error: HTTPRequestError, on connection: Connection) {
        connection.state.requestRefused()
        let known = connection.parser.headInProgress?.request
        let requestID = known?.requestID.isEmpty == false ? known!.requestID : requestIDs.next()
        let response = error.problem.response
        var body: [UInt8] = []
        if case .bytes(let bytes) = response.body { body = bytes }
        let bytes = encoder.encode(
            status: response.status, headers: response.headers, framing: .length(body.count),
            requestID: requestID, connection: .close, body: body
        )
        var record: ExchangeRecord?
        if context.observer != nil {
            var refused = ExchangeRecord(requestID: requestID, remoteAddress: connection.remoteAddress, startedAt: now)
            refused.method = known?.method.rawValue ?? ""
            refused.target = known?.target ?? ""
            refused.status = error.status.code
            refused.bodyBytes = body.count
            record = refused
        }
        connection.outbox.complete(connection.nextSequence, with: bytes, record: record, closesAfter: true, at: now)
        connection.nextSequence += 1
        connection.input = []
    }

    /// Catches up with responses the workers completed: counts them, starts held requests,
    /// resumes reading if `resumingReads`, and lingers or closes once the last response is out.
    /// With `requestingNotice` the outbox will post news of later completions.
    func synchronize(_ connection: Connection, requestingNotice: Bool = false, resumingReads: Bool = true) {
        guard requestingNotice || connection.completedSeen < connection.nextSequence else { return }
        let progress = connection.outbox.progress(requestingNotice: requestingNotice)
        if progress.failed { return close(connection) }
        var action = ConnectionStateMachine.CloseAction.none
        if progress.completed > connection.completedSeen {
            action = connection.state.responsesCompleted(progress.completed - connection.completedSeen, at: now)
            connection.completedSeen = progress.completed
            while let job = connection.held.first, connection.mayRun(job) {
                connection.held.removeFirst()
                connection.markRunning(job)
                jobs.append(job)
            }
        }
        if progress.outputShut, !connection.state.isLingering {
            action = connection.state.outputShut(at: now)
        }
        switch action {
        case .none:
            if resumingReads, connection.mayHaveInput || connection.inputStalled, connection.state.isReading {
                readable(connection)
            }
        case .close:
            close(connection)
        case .linger:
            connection.held = []
            discardInput(connection)
        }
    }

    /// Reads and drops whatever the peer still sends while a closed connection lingers, a
    /// bounded amount per pass; the linger deadline ends a peer that never stops.
    func discardInput(_ connection: Connection) {
        for _ in 0..<16 {
            do {
                let count = try nonBlockingSystemCall("recv") { recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0) }
                guard let count else {
                    connection.mayHaveInput = false
                    return
                }
                if count == 0 { return close(connection) }
            } catch {
                return close(connection)
            }
        }
        connection.mayHaveInput = true
    }
}
