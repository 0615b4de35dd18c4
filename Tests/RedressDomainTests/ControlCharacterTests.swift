import Testing
import RedressDomain

@Suite struct ControlCharacterTests {
    @Test func everyControlCharacterButTabLineFeedAndCarriageReturnIsRefused() {
        let refused = (0...0x10FF).compactMap(Unicode.Scalar.init).filter(ControlCharacters.isRefused).map(\.value)
        let expected: [UInt32] = Array(0x00...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F) + Array(0x7F...0x9F)
        #expect(refused == expected)
    }

    @Test func theErrorNamesTheField() {
        #expect(
            ControlCharacters.error(in: "Kettle\u{0}", field: "tags[2]")
                == FieldError("tags[2]", ControlCharacters.message))
        #expect(ControlCharacters.error(in: "Kettle\r\n\tleaks 漏水", field: "title") == nil)
    }
}
