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

    /// Hands a new socket to a loop. When its address is at its cap, one of the address's own
    /// idle connections must make room (`Arrival.Room.addressIdle`), which also keeps the server
    /// under its cap. Otherwise, when the server is full, the loop whose oldest idle connection is
    /// oldest makes room; if no loop knows of an idle one, the next loop in turn looks again
    /// (`adopt`), and refuses the socket if it still finds none.
    private func place(_ fd: Int32, address: String) {
        let open = context.openConnections.add(1, ordering: .relaxed).newValue
        let isCapped = !configuration.trustedProxies.contains(address)
        if isCapped, context.connectionsByAddress.opened(address) > configuration.maxConnectionsPerAddress {
            return adopt(Arrival(fd: fd, address: address, isCappedByAddress: true, room: .addressIdle(.init())))
        }
        var target = nextLoopForAccept
        let evicting = open > configuration.maxConnections
        if evicting, let oldest = loopWithOldestIdle() {
            target = oldest
        } else {
            nextLoopForAccept = (nextLoopForAccept + 1) % context.mailboxes.count
        }
        let arrival = Arrival(fd: fd, address: address, isCappedByAddress: isCapped, room: evicting ? .anyIdle : .free)
        if target == index {
            adopt(arrival)
        } else {
            context.mailboxes[target].post(.adopt(arrival))
        }
    }

    /// The loop whose oldest idle connection is the oldest of all; nil when no loop has one.
    private func loopWithOldestIdle() -> Int? {
        let since = context.mailboxes.map { $0.oldestIdle.load(ordering: .relaxed) }
        let oldest = since.indices.min { since[$0] < since[$1] }!
        return since[oldest] == .max ? nil : oldest
    }

    /// Starts serving an accepted socket on this loop once there is room for it, or takes the
    /// search for room on to the next loop.
    func adopt(_ arrival: Arrival) {
        if isShuttingDown { return refuse(arrival) }
        switch arrival.room {
        case .free:
            break
        case .anyIdle:
            if idle.oldest == nil { sweepForRoom() }
            var victim: Connection?
            while victim == nil, let oldest = idle.oldest, let candidate = connections[Int(oldest)] {
                if isEvictable(candidate) { victim = candidate }
            }
            guard let victim else { return refuse(arrival) }
            close(victim)
        case .addressIdle(let progress):
            return searchForAddressIdle(arrival, progress)
        case .evict(let fd, let serial):
            // Idle when the search found it; should it have turned busy since, the address's
            // oldest connection idle here now will do.
            let found = connection(fd: fd, serial: serial).flatMap { isEvictable($0) ? $0 : nil }
            guard let victim = found ?? oldestIdle(from: arrival.address) else { return refuse(arrival) }
            close(victim)
        }
        serve(arrival)
    }

    /// Adds this loop's oldest idle connection from the arrival's address to the search, then
    /// passes the search on to the next loop or, the last to look, sends the arrival to the loop
    /// holding the oldest one found (or refuses it when no loop has one). The loops each look at
    /// their own connections only, so the search visits them one after the other.
    private func searchForAddressIdle(_ arrival: Arrival, _ progress: Arrival.AddressSearch) {
        var search = progress
        if let connection = oldestIdle(from: arrival.address), let since = connection.http.idleSince {
            let idleSince = since.nanoseconds
            if search.oldest.map({ idleSince < $0.idleSince }) ?? true {
                search.oldest = .init(loop: index, fd: connection.fd, serial: connection.serial, idleSince: idleSince)
            }
        }
        search.loopsAsked += 1
        var next = arrival
        guard search.loopsAsked == context.mailboxes.count else {
            next.room = .addressIdle(search)
            return context.mailboxes[(index + 1) % context.mailboxes.count].post(.adopt(next))
        }
        guard let oldest = search.oldest else { return refuse(arrival) }
        next.room = .evict(fd: oldest.fd, serial: oldest.serial)
        if oldest.loop == index {
            adopt(next)
        } else {
            context.mailboxes[oldest.loop].post(.adopt(next))
        }
    }

    /// This loop's connection from `address` idle the longest, if any, after an early sweep when
    /// none is known to be idle.
    private func oldestIdle(from address: String) -> Connection? {
        if idle.oldest(from: address) == nil { sweepForRoom() }
        while let fd = idle.oldest(from: address), let connection = connections[Int(fd)] {
            if isEvictable(connection) { return connection }
        }
        return nil
    }

    /// Whether a connection picked to make room may be closed: idle, with no request waiting
    /// unread in its socket. Such a request may have arrived in this very pass, its readiness
    /// not yet handled (the client is not idle, only early): it is read and run now, so the
    /// connection is busy and kept. One that is not idle leaves the idle list (or is closed,
    /// its peer gone), so a caller can go on to the next oldest.
    private func isEvictable(_ connection: Connection) -> Bool {
        if Socket.hasUnreadInput(connection.fd) { connection.http.inputArrived() }
        return carryOut(connection.http.next, on: connection) && connection.http.isIdle
    }

    /// Serves an arrival there is room for.
    private func serve(_ arrival: Arrival) {
        let fd = arrival.fd
        Socket.disableDelay(fd)
        nextSerial &+= 1
        let connection = Connection(
            fd: fd, serial: nextSerial, remoteAddress: arrival.address,
            isCappedByAddress: arrival.isCappedByAddress, configuration: configuration, now: now)
        do {
            try epoll.add(
                fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue,
                data: connection.token)
        } catch {
            return refuse(arrival)
        }
        if Int(fd) >= connections.count {
            connections += Array(repeating: nil, count: max(Int(fd) + 1, connections.count * 2) - connections.count)
        }
        connections[Int(fd)] = connection
        connectionCount += 1
        updateIdle(connection)
    }

    /// Sweeps before its time, so that connections answered since the last sweep count as idle:
    /// the idle list learns that a response went out only when the loop next looks at the
    /// connection, and a full server would otherwise refuse newcomers while its clients idle.
    /// Once per pass at most: a flood of newcomers to a server full of busy connections costs one
    /// sweep per pass, not one per newcomer.
    private func sweepForRoom() {
        guard sweptForRoomAt != now else { return }
        sweptForRoomAt = now
        sweep()
    }

    /// Closes a socket the server will not serve, as it closes any other: at once, without a
    /// response (it has sent no request to answer).
    private func refuse(_ arrival: Arrival) {
        _ = Glibc.close(arrival.fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        if arrival.isCappedByAddress { context.connectionsByAddress.closed(arrival.address) }
    }
}
