import HTTP
import JSON
@testable import RedressAPI
import RedressCasework
import RedressDomain

/// A fixed clock, so that a run is reproducible.
private let now = Instant(seconds: 1_790_000_000)

/// libFuzzer's entry point: bytes parsed as JSON must encode to text that parses and encodes
/// again to the same bytes, with every number the same value, and a JSON object is read as a
/// complaint draft by `ComplaintRoutes.draft(from:)` and made ready for intake by `Intake` — the
/// `POST /v1/complaints` decoding: `RequestBody`, the intake fields, `ComplaintRules`, the phone
/// number's E.164 form and the priority rules — which may refuse it but must not crash.
///
/// The parsed value need not come back equal: `JSONWriter.double` writes an integral double such
/// as 1500.0 as `1500`, which parses as `.int(1500)`, since JSON has one kind of number.
@_cdecl("LLVMFuzzerTestOneInput")
public func complaintDraftFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    // `fatalError`, not `precondition`: an -O build drops a precondition's message.
    let encoded = value.encoded
    func text() -> String { String(decoding: encoded, as: UTF8.self) }
    guard let reparsed = try? JSONParser.parse(encoded) else {
        fatalError("the encoding of a parsed value does not parse: \(text())")
    }
    if reparsed.encoded != encoded { fatalError("encoding a parsed value is not stable: \(text())") }
    if !sameValue(value, reparsed) { fatalError("encoding changed a value: \(text())") }
    guard case .object = value else { return 0 }
    let request = HTTPRequest(
        method: .post, target: "/v1/complaints", path: "/v1/complaints",
        pathSegments: ["v1", "complaints"], headers: ["Content-Type": "application/json"], body: bytes)
    guard let draft = try? ComplaintRoutes.draft(from: request) else { return 0 }
    _ = try? Intake(draft, settings: .defaults, now: now)
    return 0
}

/// Whether `a` and `b` are the same JSON value, a number compared by its value whether it is held
/// as `.int` or `.double` (so -0.0 matches 0), strings and member names by their scalars.
private func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case let (.bool(x), .bool(y)): x == y
    case let (.int(x), .int(y)): x == y
    case let (.double(x), .double(y)): x == y
    case let (.int(x), .double(y)), let (.double(y), .int(x)): Int64(exactly: y) == x
    case let (.string(x), .string(y)): x.unicodeScalars.elementsEqual(y.unicodeScalars)
    case let (.array(x), .array(y)): x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
    case let (.object(x), .object(y)):
        x.count == y.count
            && zip(x, y).allSatisfy { $0.0.unicodeScalars.elementsEqual($1.0.unicodeScalars) && sameValue($0.1, $1.1) }
    default: false
    }
}
