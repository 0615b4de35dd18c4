/// What the connection protocol needs to know of a request it may hold back.
protocol PipelinedRequest {
    /// The request's place in the connection's order.
    var sequence: Int { get }
    /// Whether it may run beside the requests pipelined around it (RFC 9112 §9.3.2).
    var isSafe: Bool { get }
}
