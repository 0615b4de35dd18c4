import CSystem
import Glibc

/// A system call that failed: its name and the `errno` it left. `HTTPServer.start()` throws it
/// when the address cannot be bound.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    /// The call, such as `accept4`.
    public let call: String
    /// The `errno` value.
    public let code: Int32

    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// Runs one system call, retrying while it is interrupted (`EINTR`), and turns a -1 result into
/// a typed error carrying `errno`. Every syscall of the server goes through here or through
/// `nonBlockingSystemCall`, and so do the service's own (its log's writes).
@inline(__always)
@discardableResult
public func systemCall<Result: FixedWidthInteger>(
    _ name: @autoclosure () -> String, _ body: () -> Result
) throws(SystemError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(call: name(), code: code)
    }
}

/// Like `systemCall`, for a non-blocking descriptor: nil when the call would block
/// (`EAGAIN`/`EWOULDBLOCK`) instead of an error.
@inline(__always)
func nonBlockingSystemCall<Result: FixedWidthInteger>(
    _ name: @autoclosure () -> String, _ body: () -> Result
) throws(SystemError) -> Result? {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK { return nil }
        throw SystemError(call: name(), code: code)
    }
}
