import CSystem

extension EventLoop {
    /// Connections one sweep pass may time out before the loop serves its other events; many
    /// deadlines falling together (a burst of slow clients) then cannot stall the loop.
    static let timeoutsPerPass = 128

    /// Applies every connection's deadlines and reads what input waits. A pass that
    /// times out `timeoutsPerPass` connections stops there, and the next pass, due at once,
    /// goes on from the next descriptor.
    func sweep() {
        var timedOut = 0
        while sweepCursor < connections.count {
            defer { sweepCursor += 1 }
            guard let connection = connections[sweepCursor] else { continue }
            if clientIsReading(connection) { connection.http.clientIsReading(at: now) }
            let due = connection.http.timerFired(at: now)
            if due != .none { timedOut += 1 }
            carryOut(due == .none ? connection.http.next : due, on: connection)
            if timedOut >= Self.timeoutsPerPass {
                nextSweep = now
                return
            }
        }
        sweepCursor = 0
        nextSweep = now + sweepInterval
    }

    /// Whether a client whose responses wait for it is reading, however slowly. The socket's
    /// write side moves only once the kernel's buffer has room for a good part of it, so such
    /// a client is recognised by the kernel's queue of unacknowledged bytes going down between
    /// sweeps.
    private func clientIsReading(_ connection: Connection) -> Bool {
        guard connection.http.isBlocked else {
            connection.unacknowledgedBytes = nil
            return false
        }
        let unacknowledged = Int(csystem_unacknowledged_bytes(connection.fd))
        defer { connection.unacknowledgedBytes = unacknowledged }
        guard unacknowledged >= 0, let earlier = connection.unacknowledgedBytes else { return false }
        return unacknowledged < earlier
    }

    /// Keeps the idle list in step with the connection's state, publishing a new oldest.
    func updateIdle(_ connection: Connection) {
        let oldest = idle.oldest
        if connection.http.isIdle {
            idle.append(connection.fd, from: connection.isCappedByAddress ? connection.remoteAddress : nil)
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
        let since = idle.oldest.flatMap { connections[Int($0)]?.http.idleSince }
        mailbox.oldestIdle.store(since?.nanoseconds ?? .max, ordering: .relaxed)
    }
}
