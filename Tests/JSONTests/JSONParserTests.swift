import Testing
import JSON

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParser.Error) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(
            #" {"s":"a\"b\\c\/\n\u00e9\ud83d\ude00","i":-42,"d":1.5e2,"t":true,"f":false,"n":null,"a":[1,[]],"o":{}} "#)
        #expect(
            value
                == .object([
                    ("s", .string("a\"b\\c/\né😀")), ("i", .int(-42)), ("d", .double(150)), ("t", .bool(true)),
                    ("f", .bool(false)), ("n", .null), ("a", .array([.int(1), .array([])])), ("o", .object([])),
                ]))
    }

    @Test func keepsLargeIntegersExactAndBooleansDistinctFromNumbers() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1") != (try parse("true")))
    }

    @Test func readsMultibyteTextUnchanged() throws {
        #expect(try parse(#""热水器漏电 ✓""#) == .string("热水器漏电 ✓"))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'x'", "01", "1.", ".5", "-", "1e", "+1",
        "tru", "nul", "[1 2]", "{\"a\":1}{", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\u{1}\"",
        "\"unterminated", "{\"a\":1,\"a\":2}", "1e999", "NaN",
        "[" + String(repeating: "[", count: 64) + String(repeating: "]", count: 65),
    ])
    func refusesMalformedText(text: String) {
        #expect(throws: JSONParser.Error.self) { try parse(text) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func readsStringsWithAndWithoutEscapes() throws {
        #expect(try parse(#""plain""#) == .string("plain"))
        #expect(try parse(#""a\"b\\c\u00e9\ud83d\ude00 热\n""#) == .string("a\"b\\cé😀 热\n"))
        #expect(try parse(#"["x", "\t", ""]"#) == .array([.string("x"), .string("\t"), .string("")]))
        // Invalid UTF-8 is found whether or not an escape follows it, and where its run starts.
        #expect(throws: JSONParser.Error(offset: 1, reason: "invalid UTF-8 in a string")) {
            try JSONParser.parse([0x22, 0xC3, 0x28, 0x22])
        }
        #expect(throws: JSONParser.Error(offset: 1, reason: "invalid UTF-8 in a string")) {
            try JSONParser.parse([0x22, 0xC3, 0x28, 0x5C, 0x6E, 0x22])
        }
        #expect(throws: JSONParser.Error(offset: 3, reason: "control character in a string")) {
            try parse("\"\\n\u{1}\"")
        }
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let text =
            String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try parse(text) }
    }

    @Test func saysWhereItStopped() {
        #expect(throws: JSONParser.Error(offset: 7, reason: "expected ',' or '}'")) { try parse(#"{"a":1 "b":2}"#) }
    }

    @Test func whatTheWriterWritesTheParserReadsBack() throws {
        let value = JSONValue.object([("name", .string("王\"芳\u{0}")), ("n", .array([.int(-1), .double(0.25), .null]))])
        #expect(try JSONParser.parse(value.encoded) == value)
    }
}
