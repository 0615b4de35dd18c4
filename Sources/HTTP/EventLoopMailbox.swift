import CSystem
import Glibc
import Synchronization

/// The thread-safe side of an event loop: messages from other threads and the eventfd that
/// wakes the loop for them. Wake-ups are batched: the eventfd is written only when the loop
/// has not yet been told since it last emptied the mailbox.
final class EventLoopMailbox: Sendable {
    /// A message to the loop.
    enum Message: Sendable {
        /// Serve this accepted socket once there is room for it (see `Arrival.Room`).
        case adopt(Arrival)
        /// A response made on another thread, for the connection with this descriptor and serial.
        case delivery(fd: Int32, serial: UInt32, ResponseDelivery)
        /// Stop accepting and let connections finish.
        case shutdown
        /// Close every connection now.
        case forceClose
    }

    private struct State {
        var messages: [Message] = []
        var wakePending = false
        var closed = false
    }

    /// The eventfd the loop watches.
    let eventFD: Int32
    private let state = Mutex(State())
    /// When this loop's oldest idle connection became idle (`MonotonicInstant.nanoseconds`);
    /// `Int64.max` when it has none. Read by the acceptor to pick whom to evict from.
    let oldestIdle = Atomic<Int64>(.max)

    /// A mailbox with a new eventfd.
    init() throws(SystemError) {
        eventFD = try systemCall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    /// Leaves a message and wakes the loop if it has not been woken already. Messages to a
    /// loop that has stopped are dropped.
    func post(_ message: Message) {
        state.withLock { state in
            guard !state.closed else { return }
            state.messages.append(message)
            guard !state.wakePending else { return }
            state.wakePending = true
            // Written under the lock so that `close` can never race a write to a reused descriptor.
            var one: UInt64 = 1
            _ = try? systemCall("write") { Glibc.write(eventFD, &one, 8) }
        }
    }

    /// Takes every message, for the loop when its eventfd is readable.
    func receive() -> [Message] {
        state.withLock { state in
            var count: UInt64 = 0
            _ = try? nonBlockingSystemCall("read") { Glibc.read(eventFD, &count, 8) }
            state.wakePending = false
            defer { state.messages = [] }
            return state.messages
        }
    }

    /// Closes the eventfd once the loop has stopped.
    func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            state.messages = []
            _ = Glibc.close(eventFD)
        }
    }
}
