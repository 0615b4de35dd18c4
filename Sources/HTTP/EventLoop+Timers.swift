extension EventLoop {
    /// Applies every connection's deadlines and catches up with its responses.
    func sweep() {
        nextSweep = now + sweepInterval
        for case let connection? in connections {
            synchronize(connection)
            guard connections[Int(connection.fd)] === connection else { continue }
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
