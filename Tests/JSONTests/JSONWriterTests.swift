import Foundation
import Testing
import JSON

@Suite struct JSONWriterTests {
    @Test func writesNestedObjectsWithCommasInTheRightPlaces() {
        var json = JSONWriter()
        json.beginObject()
        json.field("id", 42)
        json.key("tags")
        json.beginArray()
        json.string("a")
        json.string("b")
        json.endArray()
        json.key("inner")
        json.beginObject()
        json.field("ok", true)
        json.field("missing", nil as String?)
        json.endObject()
        json.field("ratio", 0.8)
        json.endObject()
        #expect(
            String(decoding: json.bytes, as: UTF8.self)
                == #"{"id":42,"tags":["a","b"],"inner":{"ok":true,"missing":null},"ratio":0.8}"#)
    }

    /// Text is tested for escapes eight bytes at a time: a byte to escape, or a byte just short of
    /// one, at every position of words and their tails must come out as a byte-by-byte writer would.
    @Test func aByteToEscapeIsFoundAtEveryPositionOfAWord() throws {
        let specials: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for length in 1...19 {
            for position in 0..<length {
                for special in specials {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = special
                    if position + 2 < length { bytes[position + 2] = 0x22 }
                    var json = JSONWriter(capacity: 1)
                    bytes.withUnsafeBufferPointer { json.string(utf8: $0) }
                    #expect(json.bytes == Self.escapedByteByByte(bytes), "\(bytes)")
                }
            }
        }
    }

    /// RFC 8259 §7's escaping, one byte at a time, as the writer spells it.
    private static func escapedByteByByte(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in bytes {
            switch byte {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case ..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote\"back\\slash", #""quote\"back\\slash""#),
        ("line\nbreak\rtab\t", #""line\nbreak\rtab\t""#),
        ("nul\u{0}bell\u{7}", #""nul\u0000bell\u0007""#),
        ("中文投诉 ✓", #""中文投诉 ✓""#),
        ("</script>", #""</script>""#),
    ])
    func escapesExactlyWhatRFC8259Requires(input: String, expected: String) {
        var json = JSONWriter()
        json.string(input)
        #expect(String(decoding: json.bytes, as: UTF8.self) == expected)
    }

    @Test func everyEscapedStringRoundTripsThroughFoundation() throws {
        let samples = ["", "a\u{1}b\u{1F}c", "emoji 😀", "\\\"\\", String(repeating: "长", count: 1000)]
        for sample in samples {
            var json = JSONWriter()
            json.beginArray()
            json.string(sample)
            json.endArray()
            let decoded = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
            #expect(decoded == [sample])
        }
    }

    @Test(arguments: [
        (0.0, "0"), (-3.0, "-3"), (2.5, "2.5"), (Double.nan, "null"), (Double.infinity, "null"),
    ])
    func writesNumbersAsValidJSON(value: Double, expected: String) {
        var json = JSONWriter()
        json.double(value)
        #expect(String(decoding: json.bytes, as: UTF8.self) == expected)
    }

    @Test func writesIntegersAcrossTheirWholeRange() {
        var json = JSONWriter()
        json.beginArray()
        json.int(Int64.min)
        json.int(Int64.max)
        json.int(0)
        json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[-9223372036854775808,9223372036854775807,0]")
    }

    @Test func encodesJSONValuesInMemberOrder() {
        let value = JSONValue.object([("z", .int(1)), ("a", .array([.null, .bool(false), .string("x")]))])
        #expect(String(decoding: value.encoded, as: UTF8.self) == #"{"z":1,"a":[null,false,"x"]}"#)
    }

    @Test func aWriterThatStartsSmallGrowsInsideRunsAndEscapesAndWritesTheSameText() throws {
        func write(capacity: Int) -> [UInt8] {
            var json = JSONWriter(capacity: capacity)
            json.beginArray()
            for length in [0, 1, 15, 16, 17, 300] {
                json.string(String(repeating: "\"", count: length))
                json.string(String(repeating: "a\u{1}", count: length))
                json.string(String(repeating: "长", count: length))
                json.int(Int64.min)
                json.double(0.1)
                json.null()
            }
            json.value(.object([("key \"quoted\"", .array([.bool(true), .string("\n")]))]))
            json.endArray()
            return json.bytes
        }
        let small = write(capacity: 1)
        #expect(small == write(capacity: 1 << 16))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(small)) as? [Any])
        #expect(decoded.count == 6 * 6 + 1)
        #expect(decoded[30] as? String == String(repeating: "\"", count: 300))
        #expect(decoded[31] as? String == String(repeating: "a\u{1}", count: 300))
    }
}
