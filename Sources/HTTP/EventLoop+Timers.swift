import CSystem

extension EventLoop {
    /// Applies every connection's deadlines and catches up with its responses.
    func sweep() {
        nextSweep = now + sweepInterval
        let blockedDeadline = now - configuration.sendTimeout
        for case let connection? in connections {
            synchronize(connection)
            guard connections[Int(connection.fd)] === connection else { continue }
            if connection.completedSeen < connection.nextSequence, isStalledReader(connection, deadline: blockedDeadline) {
                close(connection)
                continue
            }
            switch connection.state.timeoutAction(at: now) {
            case .none:
                break
            case .close:
                close(connection)
                continue
            case .requestTimeout:
                refuse(.requestTimeout, on: connection)
            }
            updateIdle(connection)
        }
    }

    /// Whether the connection's responses have waited since `deadline` for a client that takes
    /// none of their bytes. The socket's write side moves only once the kernel's buffer has
    /// room for a good part of it, so a client that reads, however slowly, is recognised by
    /// the kernel's queue of unacknowledged bytes going down between sweeps.
    private func isStalledReader(_ connection: Connection, deadline: Instant) -> Bool {
        guard let since = connection.outbox.blockedSince else {
            connection.unacknowledgedBytes = nil
            return false
        }
        let unacknowledged = Int(csystem_unacknowledged_bytes(connection.fd))
        defer { connection.unacknowledgedBytes = unacknowledged }
        if let earlier = connection.unacknowledgedBytes, unacknowledged < earlier {
            connection.outbox.clientMadeProgress()
            return false
        }
        return since <= deadline
    }

    /// Keeps the idle list in step with the connection's state, publishing a new oldest.
    func updateIdle(_ connection: Connection) {
        let oldest = idle.oldest
        if connection.state.isIdle {
            idle.append(connection.fd)
        } else {
            idle.remove(connection.fd)
        }
        if idle.oldest != oldest { publishOldestIdle() }
    }

    /// Takes a closed connection off the idle list.
    func removeFromIdle(_ connection: Connection) {
        let oldest = idle.oldest
        idle.remove(connection.fd)
        if idle.oldest != oldest { publishOldestIdle() }
    }

    private func publishOldestIdle() {
        let since = idle.oldest.flatMap { connections[Int($0)]?.state.idleSince }
        mailbox.oldestIdle.store(since.map(context.nanoseconds) ?? .max, ordering: .relaxed)
    }
}
