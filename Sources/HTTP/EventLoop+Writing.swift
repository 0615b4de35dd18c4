import Glibc

extension EventLoop {
    /// The loop's own answers, added to their connection's queue without a message.
    struct DirectSink: ResponseSink {
        let loop: EventLoop
        let fd: Int32
        let serial: UInt32

        func finish(_ sequence: Int, with bytes: [UInt8], body: [UInt8], record: ExchangeRecord?, closesAfter: Bool) {
            guard let connection = loop.connection(fd: fd, serial: serial) else { return }
            connection.http.responseFinished(
                sequence, with: bytes, body: body, record: record, closesAfter: closesAfter)
            loop.sendReady(connection)
        }

        func startStream(_ sequence: Int, head: [UInt8], writer: StreamBodyWriter) {
            guard let connection = loop.connection(fd: fd, serial: serial),
                connection.http.responseStarted(head, to: sequence, stream: writer)
            else {
                return writer.connectionClosed()
            }
            loop.sendReady(connection)
        }
    }

    /// Adds a response (or part of one) posted by another thread to its connection's queue and
    /// sends what is ready. A response for a connection that has closed is dropped.
    func deliver(_ delivery: ResponseDelivery, fd: Int32, serial: UInt32) {
        let sink = DirectSink(loop: self, fd: fd, serial: serial)
        switch delivery {
        case .finished(let sequence, let bytes, let body, let record, let closesAfter):
            sink.finish(sequence, with: bytes, body: body, record: record, closesAfter: closesAfter)
        case .streamStarted(let sequence, let head, let writer):
            sink.startStream(sequence, head: head, writer: writer)
        case .chunk(let sequence, let bytes):
            // When nothing more can be sent, the stream has already been told.
            guard let connection = connection(fd: fd, serial: serial),
                connection.http.chunkReady(bytes, to: sequence)
            else { return }
            sendReady(connection)
        }
    }

    /// Sends what a new response made ready and carries out what the protocol then asks.
    func sendReady(_ connection: Connection) {
        let action = write(connection)
        if action != .none { carryOut(action, on: connection) }
    }

    /// Hands the socket the bytes the connection's responses have ready, until it is full or
    /// none are ready, and tells the stream writers and the observer what that led to. Returns
    /// what the protocol asks next (`.close` when sending failed).
    func write(_ connection: Connection) -> ConnectionAction {
        var pending = connection.http.pendingBytes
        guard !pending.isEmpty else {
            // A response may have completed with no bytes left to send (an HTTP/1.0 stream's end).
            let (action, progress) = connection.http.socketTook(0, at: now, releasing: &jobs)
            report(progress, on: connection)
            return action
        }
        while true {
            let written: Int
            // A head whose body follows is held back until the body joins it in one segment.
            let flags = Int32(MSG_NOSIGNAL) | (connection.http.hasMoreAfterPending ? Int32(MSG_MORE) : 0)
            do {
                written =
                    try pending.withUnsafeBytes { buffer throws(SystemError) in
                        try nonBlockingSystemCall("send") {
                            Glibc.send(connection.fd, buffer.baseAddress!, buffer.count, flags)
                        }
                    } ?? 0
            } catch {
                return .close
            }
            let (action, progress) = connection.http.socketTook(written, at: now, releasing: &jobs)
            report(progress, on: connection)
            guard written == pending.count else { return action }
            pending = connection.http.pendingBytes
            if pending.isEmpty { return action }
        }
    }

    private func report(_ progress: ResponseQueue.Progress, on connection: Connection) {
        if !progress.finished.isEmpty, let observer = context.observer {
            let now = MonotonicInstant.now
            for record in progress.finished { observer.exchangeCompleted(record.completed(at: now)) }
        }
        if let (stream, count) = progress.streamSent { stream.sent(count) }
        guard progress.shutsOutput else { return }
        Glibc.shutdown(connection.fd, Int32(SHUT_WR))
        progress.closed.forEach { $0.connectionClosed() }
    }
}
