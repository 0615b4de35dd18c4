import Glibc

extension EventLoop {
    /// Adds a response (or part of one) made here or posted by another thread to its
    /// connection's queue, sends what is ready and carries out what the protocol then asks.
    /// A response for a connection that has closed is dropped.
    func deliver(_ delivery: ResponseDelivery, fd: Int32, serial: UInt32) {
        guard let connection = connection(fd: fd, serial: serial) else {
            if case .streamStarted(_, _, let writer) = delivery { writer.connectionClosed() }
            return
        }
        switch delivery {
        case .finished(let sequence, let bytes, let record, let closesAfter):
            connection.http.responseFinished(sequence, with: bytes, record: record, closesAfter: closesAfter)
        case .streamStarted(let sequence, let head, let writer):
            guard connection.http.responseStarted(head, to: sequence, stream: writer) else {
                return writer.connectionClosed()
            }
        case .chunk(let sequence, let bytes):
            // When nothing more can be sent, the stream has already been told.
            guard connection.http.chunkReady(bytes, to: sequence) else { return }
        }
        let action = write(connection)
        if action != .none { carryOut(action, on: connection) }
    }

    /// Hands the socket the bytes the connection's responses have ready, until it is full or
    /// none are ready, and tells the stream writers and the observer what that led to. Returns
    /// what the protocol asks next (`.close` when sending failed).
    func write(_ connection: Connection) -> ConnectionAction {
        var (action, progress) = connection.http.socketTook(0, at: now, releasing: &jobs)
        report(progress, on: connection)
        while true {
            let pending = connection.http.pendingBytes
            guard !pending.isEmpty else { break }
            let written: Int?
            do {
                written = try pending.withUnsafeBytes { buffer throws(SystemError) in
                    try nonBlockingSystemCall("send") {
                        Glibc.send(connection.fd, buffer.baseAddress!, buffer.count, Int32(MSG_NOSIGNAL))
                    }
                }
            } catch {
                return .close
            }
            (action, progress) = connection.http.socketTook(written ?? 0, at: now, releasing: &jobs)
            report(progress, on: connection)
            if (written ?? 0) < pending.count { break }
        }
        return action
    }

    private func report(_ progress: ResponseQueue<StreamBodyWriter>.Progress, on connection: Connection) {
        if progress.shutsOutput { Glibc.shutdown(connection.fd, Int32(SHUT_WR)) }
        if let (stream, count) = progress.streamSent { stream.sent(count) }
        progress.closed.forEach { $0.connectionClosed() }
        if let observer = context.observer, !progress.finished.isEmpty {
            let now = ContinuousClock.now
            for record in progress.finished { observer.exchangeCompleted(record.completed(at: now)) }
        }
    }
}
