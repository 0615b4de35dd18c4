import JSON
import RedressDomain

extension JSONWriter {
    /// Writes `"name": "2026-11-22T05:40:17Z"`, or `"name": null` for nil.
    mutating func field(_ name: StaticString, _ instant: Instant?) {
        key(name)
        if let instant { instant.withRFC3339 { string(utf8: $0) } } else { null() }
    }
}
