/// Writes JSON text straight into memory, for responses on the hot path.
///
/// Foundation's `JSONEncoder` goes through reflection and boxing; appending bytes directly is
/// about ten times faster, which matters for every complaint and list page served. The writer
/// owns a plain buffer and checks its room once per value, not once per byte, which is why it
/// cannot be copied. It tracks only whether a comma is due, so the caller is responsible for
/// balanced nesting.
public struct JSONWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private var needsComma = false

    /// An empty writer with room for `capacity` bytes; it grows as needed.
    public init(capacity: Int = 512) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// The JSON text written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

    /// Opens an object, as a value or after a key.
    public mutating func beginObject() { open(UInt8(ascii: "{")) }

    /// Closes the innermost object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Opens an array, as a value or after a key.
    public mutating func beginArray() { open(UInt8(ascii: "[")) }

    /// Closes the innermost array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object member's key written in the source: ASCII with nothing to escape, which
    /// is copied as it is. The next value written is its value.
    public mutating func key(_ name: StaticString) {
        assert(name.hasPointerRepresentation && name.isASCII && !Self.needsEscaping(name), "key \(name) needs escaping")
        reserve(name.utf8CodeUnitCount + 4)
        separate()
        put(UInt8(ascii: "\""))
        put(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an object member's key that comes from data, escaped as any string. The next value
    /// written is its value.
    public mutating func key(dynamic name: String) {
        separate(reserving: 1)
        appendQuoted(name)
        reserve(1)
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate(reserving: 0)
        appendQuoted(value)
        needsComma = true
    }

    /// Writes a string value given as UTF-8 bytes.
    public mutating func string(utf8 value: UnsafeBufferPointer<UInt8>) {
        separate(reserving: 0)
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int64) {
        separate(reserving: 20)
        appendDigits(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int) {
        int(Int64(value))
    }

    /// Writes a number; non-finite values, which JSON cannot carry, become `null`.
    public mutating func double(_ value: Double) {
        if let whole = Int64(exactly: value), whole.magnitude < 1 << 53 {
            int(whole)
        } else if value.isFinite {
            var text = String(value)
            separate(reserving: 0)
            text.withUTF8 { append($0) }
            needsComma = true
        } else {
            null()
        }
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        literal(value ? "true" : "false")
    }

    /// Writes `null`.
    public mutating func null() {
        literal("null")
    }

    /// Writes an already-encoded JSON value verbatim.
    public mutating func raw(_ json: [UInt8]) {
        separate(reserving: 0)
        json.withUnsafeBufferPointer { append($0) }
        needsComma = true
    }

    /// Writes any `JSONValue`.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members {
                key(dynamic: name)
                self.value(member)
            }
            endObject()
        }
    }

    // MARK: - Key-value shorthands

    /// Writes `"name": "value"`, or `"name": null` for nil.
    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// Writes `"name": 42`, or `"name": null` for nil.
    public mutating func field(_ name: StaticString, _ value: Int64?) {
        key(name)
        if let value { int(value) } else { null() }
    }

    /// Writes `"name": 42`, or `"name": null` for nil.
    public mutating func field(_ name: StaticString, _ value: Int?) {
        field(name, value.map(Int64.init))
    }

    /// Writes `"name": 1.5`, or `"name": null` for nil.
    public mutating func field(_ name: StaticString, _ value: Double?) {
        key(name)
        if let value { double(value) } else { null() }
    }

    /// Writes `"name": true`, or `"name": null` for nil.
    public mutating func field(_ name: StaticString, _ value: Bool?) {
        key(name)
        if let value { bool(value) } else { null() }
    }

    // MARK: - Memory

    /// Makes room for `extra` more bytes, so that the `put` calls up to them need no check.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toHold: count + extra) }
    }

    private mutating func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        moved.update(from: start, count: count)
        start.deallocate()
        (start, capacity) = (moved, newCapacity)
    }

    /// Writes one byte into room already reserved.
    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    /// Writes bytes into room already reserved.
    @inline(__always)
    private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        (start + count).update(from: base, count: buffer.count)
        count += buffer.count
    }

    /// Reserves room for the bytes and writes them.
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        reserve(buffer.count)
        put(buffer)
    }

    // MARK: - Encoding

    /// Writes the comma a value or key needs after the previous one, with room for `extra` more bytes.
    @inline(__always)
    private mutating func separate(reserving extra: Int) {
        reserve(extra + 1)
        separate()
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate(reserving: 1)
        put(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        reserve(1)
        put(bracket)
        needsComma = true
    }

    private mutating func literal(_ text: StaticString) {
        separate(reserving: text.utf8CodeUnitCount)
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        needsComma = true
    }

    private mutating func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { appendQuoted($0) }
    }

    // RFC 8259 §7: quotation mark, reverse solidus and C0 controls must be escaped; everything
    // else, including non-ASCII UTF-8, may pass through unchanged. Runs between escapes are
    // copied whole, with room for the common case (nothing to escape) reserved up front.
    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        put(UInt8(ascii: "\""))
        var runStart = 0
        var index = Self.firstToEscape(in: utf8, from: 0)
        while index < utf8.count {
            put(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            appendEscaped(utf8[index])
            runStart = index + 1
            reserve(utf8.count - runStart + 1)
            index = Self.firstToEscape(in: utf8, from: runStart)
        }
        put(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        put(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// The index of the first byte at or after `start` that needs escaping, or the count. Eight
    /// bytes are tested at a time while none does, as most text has nothing to escape.
    private static func firstToEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = UnsafeRawPointer(utf8.baseAddress) {
            while index + 8 <= utf8.count, !mayNeedEscaping(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            {
                index += 8
            }
        }
        while index < utf8.count, !needsEscaping(utf8[index]) { index += 1 }
        return index
    }

    /// False only when none of a word's eight bytes needs escaping. A byte below 0x20 leaves its
    /// high bit set in `word - 0x20…`, where its own high bit is clear; a quotation mark or
    /// reverse solidus becomes a zero byte when XORed with its own pattern, and is found the same
    /// way. A borrow can only flag bytes above a true hit, which the byte loop then settles.
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ limit: UInt64, _ word: UInt64) -> Bool { (word &- ones &* limit) & ~word & highs != 0 }
        return hasByteBelow(0x20, word) || hasByteBelow(1, word ^ (ones &* 0x22))
            || hasByteBelow(1, word ^ (ones &* 0x5C))
    }

    private static func needsEscaping(_ text: StaticString) -> Bool {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount).contains(where: needsEscaping)
    }

    /// The decimal digits of `value`, with its sign, into room already reserved (20 bytes).
    private mutating func appendDigits(_ value: Int64) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
        var digitCount = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - digitCount] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                digitCount += 1
            } while magnitude > 0
            put(UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[(24 - digitCount)...]))
        }
    }

    /// An escape of at most 6 bytes, with room for it reserved by the caller (or here).
    private mutating func appendEscaped(_ byte: UInt8) {
        reserve(6)
        put(0x5C)
        switch byte {
        case 0x22, 0x5C: put(byte)
        case 0x0A: put(UInt8(ascii: "n"))
        case 0x0D: put(UInt8(ascii: "r"))
        case 0x09: put(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            put(UInt8(ascii: "u"))
            put(0x30)
            put(0x30)
            put(hex.utf8Start[Int(byte >> 4)])
            put(hex.utf8Start[Int(byte & 0x0F)])
        }
    }
}
