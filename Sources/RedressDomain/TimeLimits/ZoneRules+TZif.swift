extension ZoneRules {
    /// The last year for which the yearly rule at the end of a TZif file is written out as
    /// transitions; after it, the offset of its last transition holds.
    public static let lastExpandedYear = 2200

    /// Rules read from the bytes of a TZif file (RFC 8536, versions 1 to 4): its transitions, then
    /// those of the `TZ` rule in its footer for every year after the last one listed, through
    /// `lastExpandedYear`. Nil when the bytes are not such a file. Leap-second records are ignored
    /// (the files under `right/` count them; the usual ones have none).
    public init?(identifier: String, tzif bytes: [UInt8]) {
        var reader = TZifReader(bytes: bytes)
        guard let first = reader.header() else { return nil }
        var header = first
        if first.version >= 2 {
            // Skip the 32-bit block; the 64-bit one follows with its own header.
            guard reader.skip(first.blockSize(timeSize: 4)), let second = reader.header() else { return nil }
            header = second
        }
        let timeSize = first.version >= 2 ? 8 : 4
        var times: [Int64] = []
        for _ in 0..<header.timeCount {
            guard let time = reader.integer(size: timeSize) else { return nil }
            times.append(time)
        }
        var typeIndices: [Int] = []
        for _ in 0..<header.timeCount {
            guard let index = reader.integer(size: 1, signed: false) else { return nil }
            typeIndices.append(Int(index))
        }
        var typeOffsets: [Int] = []
        for _ in 0..<header.typeCount {
            guard let offset = reader.integer(size: 4), reader.skip(2) else { return nil }
            typeOffsets.append(Int(offset))
        }
        guard !typeOffsets.isEmpty, typeIndices.allSatisfy({ $0 < typeOffsets.count }),
            reader.skip(header.charCount + header.leapCount * (timeSize + 4) + header.standardCount + header.utcCount)
        else { return nil }
        var transitions = zip(times, typeIndices).map { Transition(at: Instant(seconds: $0), offset: typeOffsets[$1]) }
        if first.version >= 2, let footer = reader.footer(), !footer.isEmpty {
            guard let rule = PosixZoneRule(footer) else { return nil }
            let last = times.last ?? Int64.min
            let fromYear = times.last.map { CivilDate(instant: Instant(seconds: $0), offset: 0).year } ?? 1970
            if rule.daylight == nil {
                if times.isEmpty || typeOffsets[typeIndices[typeIndices.count - 1]] != rule.standardOffset {
                    transitions.append(Transition(at: Instant(seconds: max(last + 1, 0)), offset: rule.standardOffset))
                }
            } else if fromYear <= Self.lastExpandedYear {
                for year in fromYear...Self.lastExpandedYear {
                    transitions += rule.transitions(in: year).filter { $0.at.seconds > last }
                }
            }
        }
        // Local time before the first transition is that of the first time type (RFC 8536 §3.2).
        self.init(identifier: identifier, initialOffset: typeOffsets[0], transitions: transitions)
    }
}

/// A cursor over the bytes of a TZif file.
private struct TZifReader {
    struct Header {
        var version: Int
        var utcCount, standardCount, leapCount, timeCount, typeCount, charCount: Int

        /// The size of the data block after this header, with times of `timeSize` bytes.
        func blockSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
                + standardCount + utcCount
        }
    }

    let bytes: [UInt8]
    var index = 0

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, index + count <= bytes.count else { return false }
        index += count
        return true
    }

    mutating func integer(size: Int, signed: Bool = true) -> Int64? {
        guard index + size <= bytes.count else { return nil }
        var value: UInt64 = 0
        for byte in bytes[index..<index + size] { value = value << 8 | UInt64(byte) }
        index += size
        guard signed, size < 8 else { return Int64(bitPattern: value) }
        let bits = UInt64(size * 8)
        let signBit: UInt64 = 1 << (bits - 1)
        return value & signBit != 0 ? Int64(bitPattern: value) - Int64(bitPattern: 1 << bits) : Int64(value)
    }

    mutating func header() -> Header? {
        guard index + 44 <= bytes.count, Array(bytes[index..<index + 4]) == Array("TZif".utf8) else { return nil }
        let versionByte = bytes[index + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - 48
        guard (1...9).contains(version) else { return nil }
        index += 20
        var counts: [Int] = []
        for _ in 0..<6 {
            guard let count = integer(size: 4, signed: false), count < 1 << 20 else { return nil }
            counts.append(Int(count))
        }
        return Header(
            version: version, utcCount: counts[0], standardCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    /// The `TZ` string between the two newlines that end a version 2+ file.
    mutating func footer() -> String? {
        guard index < bytes.count, bytes[index] == 10,
            let end = bytes[(index + 1)...].firstIndex(of: 10)
        else { return nil }
        return String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
    }
}
