import Testing
@testable import RedressCasework

/// Random secrets: drawn from their alphabet only, and every character equally likely.
@Suite struct SecretTests {
    @Test(arguments: [Secret.mixedCase, Secret.upperCase])
    func everyCharacterOfTheAlphabetIsEquallyLikely(alphabet: [UInt8]) {
        let perCharacter = 10_000
        let drawn = Secret.random(count: alphabet.count * perCharacter, from: alphabet)
        #expect(drawn.utf8.count == alphabet.count * perCharacter)
        var counts: [UInt8: Int] = [:]
        for byte in drawn.utf8 { counts[byte, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(alphabet))
        // About 100 either way is one standard deviation; taking bytes modulo 56 without
        // rejecting any would make 32 of the 56 characters 25 % more likely (~11,100 against ~8,900).
        for (byte, count) in counts {
            #expect(abs(count - perCharacter) < 500, "\(UnicodeScalar(byte)) drawn \(count) times")
        }
    }

    @Test func secretsDoNotRepeat() {
        let keys = (0..<1000).map { _ in APIKey.generate() }
        #expect(Set(keys).count == keys.count)
        #expect(keys.allSatisfy { $0.hasPrefix("rk_") && $0.utf8.count == 43 })
    }
}
