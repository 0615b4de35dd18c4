/// A response's status line and header fields, read strictly (RFC 9112 §4, §5): anything a
/// well-behaved server would not send is malformed, never guessed at.
public struct ResponseHead: Sendable, Equatable {
    /// The status code, 100 to 599.
    public let status: Int
    public let reason: String
    /// The fields in order, names as sent.
    public let fields: [(name: String, value: String)]

    public static func == (lhs: ResponseHead, rhs: ResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason && lhs.fields.map(\.name) == rhs.fields.map(\.name)
            && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// The first value of the field `name`, compared without regard to case.
    public func field(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Reads a head from its bytes up to, not including, the empty line that ends it; nil when
    /// it is malformed: a status line other than `HTTP/1.x SP 3DIGIT SP reason`, a bare CR or
    /// LF, a folded line, a field without a colon or with an invalid name, or control bytes.
    public init?(_ bytes: ArraySlice<UInt8>) {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x0D:
                guard index + 1 < bytes.endIndex, bytes[index + 1] == 0x0A else { return nil }
                lines.append(bytes[start..<index])
                index += 2
                start = index
            case 0x0A: return nil
            default: index += 1
            }
        }
        lines.append(bytes[start..<bytes.endIndex])
        let statusLine = Array(lines[0])
        let prefix = Array("HTTP/1.".utf8)
        guard statusLine.count >= 13, Array(statusLine[0..<7]) == prefix,
            statusLine[7] == 0x30 || statusLine[7] == 0x31, statusLine[8] == 0x20,
            statusLine[9...11].allSatisfy({ (0x30...0x39).contains($0) }), statusLine[12] == 0x20
        else { return nil }
        let status = statusLine[9...11].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard (100...599).contains(status) else { return nil }
        let reason = statusLine[13...]
        guard reason.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }) else { return nil }
        var fields: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { return nil }
            let name = line[line.startIndex..<colon]
            guard name.allSatisfy(Self.isTokenByte) else { return nil }
            var value = line[(colon + 1)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
            guard value.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }) else { return nil }
            fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        self.status = status
        self.reason = String(decoding: reason, as: UTF8.self)
        self.fields = fields
    }

    // tchar (RFC 9110 §5.6.2).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
