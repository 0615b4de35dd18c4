@testable import HTTP

/// Small limits, so that short inputs reach every limit's path as well as the grammar's.
private let limits: HTTPServerConfiguration = {
    var configuration = HTTPServerConfiguration()
    configuration.maxRequestLineBytes = 256
    configuration.maxHeaderLineBytes = 128
    configuration.maxHeaderBlockBytes = 512
    configuration.maxHeaderFields = 8
    configuration.maxBodyBytes = 1024
    return configuration
}()

/// libFuzzer's entry point: the request parser over arbitrary bytes, fed whole and fed in
/// pieces as a connection's reads would, must not crash, and must make the same requests and
/// stop on an error in both cases. (The error's status may differ: a limit can be hit on the
/// incomplete path before a later malformed byte is seen.)
@_cdecl("LLVMFuzzerTestOneInput")
public func requestParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let step = 1 + size % 7
    let whole = ParserDriver.parse(bytes, limits: limits)
    let pieces = ParserDriver.parse(bytes, step: step, limits: limits)
    func outcomes() -> String {
        "whole: \(whole.requests.count) requests, error \(String(describing: whole.error)); "
            + "in pieces of \(step) bytes: \(pieces.requests.count) requests, error \(String(describing: pieces.error))"
    }
    // `fatalError`, not `precondition`: an -O build drops a precondition's message.
    if whole.requests.count != pieces.requests.count {
        fatalError("whole and piecewise parses made different requests (\(outcomes()))")
    }
    for (one, other) in zip(whole.requests, pieces.requests)
    where
        !(one.request.method == other.request.method
        && one.request.target == other.request.target && one.request.body == other.request.body
        && one.keepAlive == other.keepAlive)
    {
        fatalError("whole and piecewise parses disagree on a request (\(outcomes()))")
    }
    if (whole.error == nil) != (pieces.error == nil) {
        fatalError("only one of the whole and piecewise parses failed (\(outcomes()))")
    }
    return 0
}
