/// A socket accepted by loop 0, on its way to the loop that will serve it, with what must close
/// to make room for it.
struct Arrival: Sendable {
    /// What has to give way before the socket is served.
    enum Room: Sendable {
        /// Nothing: the server and the address are both under their caps.
        case free
        /// The server is full: the loop closes its oldest idle connection, or refuses the socket.
        case anyIdle
        /// The address is at its cap: the loops are asked in turn for their oldest idle
        /// connection from it, and the oldest of all is closed (or the socket refused if none is).
        case addressIdle(AddressSearch)
        /// The address is at its cap and this connection was its oldest idle one when found.
        case evict(fd: Int32, serial: UInt32)
    }

    /// The search across the loops for an address's oldest idle connection.
    struct AddressSearch: Sendable {
        /// An idle connection found.
        struct Candidate: Sendable {
            /// The loop holding it.
            let loop: Int
            /// Its descriptor.
            let fd: Int32
            /// Its serial, telling it from a later connection on the same descriptor.
            let serial: UInt32
            /// Since when it has been idle (`MonotonicInstant.nanoseconds`).
            let idleSince: Int64
        }

        /// Loops that have looked so far.
        var loopsAsked = 0
        /// The connection idle the longest among those found so far.
        var oldest: Candidate?
    }

    /// The socket.
    let fd: Int32
    /// The peer's IP address as text.
    let address: String
    /// Whether the connection counts toward its address's cap (not from a trusted proxy).
    let isCappedByAddress: Bool
    /// What must close first.
    var room: Room
}
