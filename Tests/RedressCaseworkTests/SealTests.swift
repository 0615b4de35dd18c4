import Testing
@testable import RedressCasework

/// HMAC-SHA256 against RFC 4231's vectors, and sealing: what is sealed opens with its secret only,
/// unaltered, and hides its plaintext.
@Suite struct SealTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func hmacMatchesRFC4231() {
        // Test case 1: a 20-byte key; test case 2: a short key; test case 6: a key longer than a block.
        #expect(
            hex(HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            hex(HMAC.sha256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            hex(
                HMAC.sha256(
                    key: [UInt8](repeating: 0xaa, count: 131),
                    Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test(arguments: [0, 1, 31, 32, 33, 1000])
    func whatIsSealedOpensWithItsSecretOnly(length: Int) {
        let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let secret = Array("the caller's own key".utf8)
        let sealed = Seal.seal(plaintext, secret: secret)
        #expect(sealed.count == Seal.nonceLength + length + Seal.tagLength)
        #expect(Seal.open(sealed, secret: secret) == plaintext)
        #expect(Seal.open(sealed, secret: Array("another key".utf8)) == nil)
        for index in [0, Seal.nonceLength + length / 2, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 1
            #expect(Seal.open(altered, secret: secret) == nil)
        }
        #expect(Seal.open(Array(sealed.dropLast()), secret: secret) == nil)
    }

    @Test func sealingTheSameTextTwiceGivesUnrelatedBytesThatHideIt() {
        let text = Array(#"{"key":"rk_abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNP"}"#.utf8)
        let secret = Array("k".utf8)
        let one = Seal.seal(text, secret: secret)
        let two = Seal.seal(text, secret: secret)
        #expect(one != two)
        let body = Array(one[Seal.nonceLength..<(one.count - Seal.tagLength)])
        #expect(zip(body, text).filter { $0 == $1 }.count < text.count / 4)
    }
}
