import Glibc

extension EventLoop {
    /// The interim response to `Expect: 100-continue` (RFC 9110 §15.2.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// How a read pass ended.
    private enum ReadOutcome {
        /// The socket is drained, or the protocol takes no more requests for now.
        case done
        /// The read budget is spent while the socket may hold more.
        case budgetSpent
        /// The connection must close (a failed read, or a peer gone with nothing owed).
        case close
    }

    /// Carries out `action` and whatever the protocol asks after it, until it asks nothing:
    /// the one place a connection is read, lingered on or closed. Returns whether the
    /// connection is still open.
    @discardableResult
    func carryOut(_ action: ConnectionAction, on connection: Connection) -> Bool {
        var action = action
        var budget = Self.readBudget
        while true {
            switch action {
            case .none:
                updateIdle(connection)
                return true
            case .read:
                switch read(connection, budget: &budget) {
                case .close:
                    close(connection)
                    return false
                case .budgetSpent:
                    // Read again next pass, after the other connections.
                    moreToRead.append(connection)
                    action = write(connection)
                    if action == .read { action = .none }
                case .done:
                    // Send what reading produced, if anything: an interim 100 or a refusal.
                    action = connection.http.pendingBytes.isEmpty ? connection.http.next : write(connection)
                }
            case .requestTimeout:
                refuse(.requestTimeout, on: connection)
                action = write(connection)
            case .linger:
                guard discardInput(connection) else { return false }
                updateIdle(connection)
                return true
            case .close:
                close(connection)
                return false
            }
        }
    }

    /// Reads what the socket has and parses it, while the protocol takes requests, up to the
    /// read budget.
    private func read(_ connection: Connection, budget: inout Int) -> ReadOutcome {
        while connection.http.mayParse {
            if connection.http.input == .unparsed {
                connection.http.parsingBuffered()
                receive(UnsafeBufferPointer(start: nil, count: 0), on: connection)
                continue
            }
            let count: Int?
            do {
                count = try nonBlockingSystemCall("recv") {
                    recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
                }
            } catch {
                return .close
            }
            guard let count else {
                connection.http.inputDrained()
                return .done
            }
            if count == 0 {
                return connection.http.peerClosedInput() == .close ? .close : .done
            }
            receive(UnsafeBufferPointer(rebasing: readBuffer[..<count]), on: connection)
            if connection.http.input == .unparsed { continue }
            // A short read drained the socket; an edge will announce anything that arrives later.
            if count < readBuffer.count {
                connection.http.inputDrained()
                return .done
            }
            budget -= count
            if budget <= 0 { return .budgetSpent }
        }
        return .done
    }

    /// Gives connections that hit their read budget another turn.
    func readAgain() {
        guard !moreToRead.isEmpty else { return }
        let pending = moreToRead
        moreToRead = []
        for connection in pending where connections[Int(connection.fd)] === connection {
            carryOut(connection.http.next, on: connection)
        }
    }

    /// Parses newly read bytes, after any kept from earlier reads. Bytes are copied into the
    /// connection only when a request is left incomplete, so a connection between requests
    /// holds no buffer.
    private func receive(_ bytes: UnsafeBufferPointer<UInt8>, on connection: Connection) {
        if connection.input.isEmpty {
            let consumed = parse(bytes, on: connection)
            if consumed < bytes.count, connection.http.isReading {
                connection.input.append(contentsOf: bytes[consumed...])
            }
        } else {
            connection.input.append(contentsOf: bytes)
            let consumed = connection.input.withUnsafeBufferPointer { parse($0, on: connection) }
            if consumed == connection.input.count || !connection.http.isReading {
                connection.input = []
            } else {
                connection.input.removeFirst(consumed)
            }
        }
    }

    /// Runs the parser over `bytes` until it needs more; returns how many bytes it used.
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, on connection: Connection) -> Int {
        var offset = 0
        while connection.http.isReading, connection.http.outstanding < configuration.maxPipelinedRequests {
            let rest = UnsafeBufferPointer(rebasing: bytes[offset...])
            switch connection.parser.parse(rest) {
            case .needMore(let consumed):
                offset += consumed
                if connection.parser.isReadingBody {
                    if consumed > 0 { connection.http.bodyBytesReceived(at: now) }
                } else if offset < bytes.count {
                    connection.http.headBytesReceived(at: now)
                }
                return offset
            case .head(let head, let consumed):
                offset += consumed
                connection.http.bodyStarted(at: now)
                // RFC 9110 §10.1.1: the client waits for 100 before sending the body; the
                // limits have already been applied, so a 413 would have come instead. It is
                // skipped when body bytes are already here.
                if head.expectsContinue, offset == bytes.count {
                    _ = connection.http.responseStarted(Self.continueResponse, to: connection.http.nextSequence)
                }
            case .complete(let head, let consumed):
                offset += consumed
                accept(head, on: connection)
            case .failure(let error):
                refuse(error, on: connection)
                return offset
            }
        }
        if connection.http.isReading, offset < bytes.count { connection.http.inputLeftUnparsed() }
        return offset
    }

    /// Queues a parsed request for this pass's jobs, or has the protocol hold it behind the
    /// requests before it.
    private func accept(_ head: RequestHead, on connection: Connection) {
        var request = head.request
        if request.requestID.isEmpty { request.requestID = requestIDs.next() }
        request.remoteAddress = connection.remoteAddress
        let (sequence, closes) = connection.http.requestReceived(at: now, keepAlive: head.keepAlive)
        let handle = ConnectionHandle(mailbox: mailbox, fd: connection.fd, serial: connection.serial)
        let job = ResponderJob(
            request: request, connection: handle, sequence: sequence, closes: closes, receivedAt: now)
        connection.http.schedule(job, into: &jobs)
    }

    /// Answers a request the server refuses itself with a problem document and `Connection:
    /// close`, after the responses already owed.
    func refuse(_ error: HTTPRequestError, on connection: Connection) {
        let sequence = connection.http.requestRefused()
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
        connection.http.responseFinished(sequence, with: bytes, record: record, closesAfter: true)
        connection.input = []
    }

    /// Reads and drops whatever the peer still sends while a closed connection lingers, a
    /// bounded amount per pass; the linger deadline ends a peer that never stops. Returns
    /// whether the connection is still open.
    private func discardInput(_ connection: Connection) -> Bool {
        for _ in 0..<16 {
            do {
                let count = try nonBlockingSystemCall("recv") {
                    recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
                }
                guard let count else {
                    connection.http.inputDrained()
                    return true
                }
                if count == 0 {
                    close(connection)
                    return false
                }
            } catch {
                close(connection)
                return false
            }
        }
        return true
    }
}
