import CSystem
import Glibc

extension EventLoop {
    /// Accepts what is waiting (a bounded batch per pass) and deals the connections out to the
    /// loops in turn. Runs on loop 0 only.
    func acceptConnections() {
        for _ in 0..<64 {
            let accepted: (fd: Int32, address: String)?
            do {
                accepted = try Socket.accept(context.listener)
            } catch {
                switch error.code {
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: the listener stays readable, so retrying
                    // at once would spin. Stop watching it for a while instead.
                    try? epoll.remove(context.listener)
                    acceptResumesAt = now + configuration.acceptBackoff
                    return
                default:
                    // ECONNABORTED and the like concern one connection only.
                    continue
                }
            }
            guard let (fd, address) = accepted else { return }
            place(fd, address: address)
        }
    }

    /// Watches the listener again after a back-off.
    func resumeAccepting() {
        acceptResumesAt = nil
        guard !isShuttingDown else { return }
        try? epoll.add(context.listener, events: EPOLLIN.rawValue, data: Self.listenerToken)
    }

    /// Hands a new socket to a loop. When the server is full, the loop whose oldest idle
    /// connection is oldest makes room; if no loop knows of an idle one, the next loop in turn
    /// looks again (`adopt`), and refuses the socket if it still finds none.
    private func place(_ fd: Int32, address: String) {
        let open = context.openConnections.add(1, ordering: .relaxed).newValue
        var target = nextLoopForAccept
        let evicting = open > configuration.maxConnections
        if evicting, let oldest = loopWithOldestIdle() {
            target = oldest
        } else {
            nextLoopForAccept = (nextLoopForAccept + 1) % context.mailboxes.count
        }
        if target == index {
            adopt(fd, address: address, evictingIdle: evicting)
        } else {
            context.mailboxes[target].post(.adopt(fd: fd, address: address, evictingIdle: evicting))
        }
    }

    /// The loop whose oldest idle connection is the oldest of all; nil when no loop has one.
    private func loopWithOldestIdle() -> Int? {
        let since = context.mailboxes.map { $0.oldestIdle.load(ordering: .relaxed) }
        let oldest = since.indices.min { since[$0] < since[$1] }!
        return since[oldest] == .max ? nil : oldest
    }

    /// Starts serving an accepted socket on this loop.
    func adopt(_ fd: Int32, address: String, evictingIdle: Bool) {
        if isShuttingDown { return refuse(fd) }
        if evictingIdle {
            if idle.oldest == nil { sweepForRoom() }
            guard let oldest = idle.oldest, let victim = connections[Int(oldest)], victim.state.isIdle else { return refuse(fd) }
            close(victim)
        }
        Socket.disableDelay(fd)
        nextSerial &+= 1
        let outbox = Outbox(fd: fd, serial: nextSerial, mailbox: mailbox, observer: context.observer, configuration: configuration)
        let connection = Connection(fd: fd, serial: nextSerial, outbox: outbox, remoteAddress: address,
                                    configuration: configuration, now: now)
        do {
            try epoll.add(fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue,
                          data: connection.token)
        } catch {
            return refuse(fd)
        }
        if Int(fd) >= connections.count {
            connections += Array(repeating: nil, count: max(Int(fd) + 1, connections.count * 2) - connections.count)
        }
        connections[Int(fd)] = connection
        connectionCount += 1
        updateIdle(connection)
    }

    /// Sweeps before its time, so that connections answered since the last sweep count as idle:
    /// the loop learns that a response went out only when it next looks at the connection, and a
    /// full server would otherwise refuse newcomers while its clients idle. Once per pass at most:
    /// a flood of newcomers to a server full of busy connections costs one sweep per pass, not
    /// one per newcomer.
    private func sweepForRoom() {
        guard sweptForRoomAt != now else { return }
        sweptForRoomAt = now
        sweep()
    }

    /// Closes a socket the server will not serve.
    private func refuse(_ fd: Int32) {
        _ = Glibc.close(fd)
        context.openConnections.subtract(1, ordering: .relaxed)
    }
}
