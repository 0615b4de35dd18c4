/// A response, or part of one, on its way from the thread that made it to the event loop
/// that sends it.
enum ResponseDelivery: Sendable {
    /// A whole response, or the last bytes of one, and a large body held apart from them.
    case finished(sequence: Int, bytes: [UInt8], body: [UInt8], record: ExchangeRecord?, closesAfter: Bool)
    /// The head of a streamed response, and the writer its body comes from.
    case streamStarted(sequence: Int, head: [UInt8], writer: StreamBodyWriter)
    /// One chunk of a streamed body.
    case chunk(sequence: Int, bytes: [UInt8])
}

/// Where a job's answer goes: straight to the connection's queue when its loop answers, or to
/// the loop's mailbox from another thread.
protocol ResponseSink {
    /// A whole response, or the last bytes of one, and a large body sent after them uncopied.
    func finish(_ sequence: Int, with bytes: [UInt8], body: [UInt8], record: ExchangeRecord?, closesAfter: Bool)
    /// The head of a streamed response, and the writer its body comes from.
    func startStream(_ sequence: Int, head: [UInt8], writer: StreamBodyWriter)
}

/// How another thread reaches one connection: its loop's mailbox and the connection's
/// descriptor and serial, which the loop checks, so that a response for a connection that has
/// closed is dropped rather than sent to whatever reuses the descriptor.
struct ConnectionHandle: ResponseSink, Sendable {
    /// The mailbox of the connection's loop.
    let mailbox: EventLoopMailbox
    /// The socket.
    let fd: Int32
    /// Tells this connection apart from earlier ones on the same descriptor number.
    let serial: UInt32

    /// Hands a response, or part of one, to the connection's loop.
    func deliver(_ delivery: ResponseDelivery) {
        mailbox.post(.delivery(fd: fd, serial: serial, delivery))
    }

    func finish(_ sequence: Int, with bytes: [UInt8], body: [UInt8], record: ExchangeRecord?, closesAfter: Bool) {
        deliver(.finished(sequence: sequence, bytes: bytes, body: body, record: record, closesAfter: closesAfter))
    }

    func startStream(_ sequence: Int, head: [UInt8], writer: StreamBodyWriter) {
        deliver(.streamStarted(sequence: sequence, head: head, writer: writer))
    }
}
