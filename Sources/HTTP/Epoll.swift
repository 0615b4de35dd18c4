import CSystem
import Glibc

/// One epoll instance (epoll(7)), the readiness source of an event loop.
struct Epoll {
    /// The epoll descriptor.
    let fd: Int32

    /// A new epoll instance.
    init() throws(SystemError) {
        fd = try systemCall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    /// Watches `descriptor` for `events`, tagging its readiness with `data`.
    func add(_ descriptor: Int32, events: UInt32, data: UInt64) throws(SystemError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = data
        try systemCall("epoll_ctl") { epoll_ctl(fd, EPOLL_CTL_ADD, descriptor, &event) }
    }

    /// Stops watching `descriptor`.
    func remove(_ descriptor: Int32) throws(SystemError) {
        var event = epoll_event()
        try systemCall("epoll_ctl") { epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event) }
    }

    /// Waits up to `timeout` milliseconds (-1: forever) for readiness; returns how many events
    /// were stored into `events`.
    func wait(into events: UnsafeMutableBufferPointer<epoll_event>, timeout: Int32) throws(SystemError) -> Int {
        Int(try systemCall("epoll_wait") { epoll_wait(fd, events.baseAddress, Int32(events.count), timeout) })
    }

    /// Closes the instance.
    func close() {
        _ = Glibc.close(fd)
    }
}
