import Testing
@testable import RedressDomain

/// The same person, the same key: a number is one number however it is written.
@Suite struct PhoneNumberTests {
    private let china = PhoneNumber.regions["CN"]!

    @Test(arguments: [
        "13700000002", "137 0000 0002", "+86 137 0000 0002", "0086 13700000002", "+86-137-0000-0002",
        "(+86) 137 0000 0002", "+86 (137) 0000.0002", "＋８６ １３７０００００００２",
    ])
    func aChineseMobileNumberIsOneNumberHoweverWritten(written: String) {
        #expect(PhoneNumber.e164(written, region: china) == "+8613700000002")
    }

    @Test func aLandlineLosesItsTrunkPrefixAndAForeignNumberKeepsItsOwnCode() {
        #expect(PhoneNumber.e164("010-6552 9988", region: china) == "+861065529988")
        #expect(PhoneNumber.e164("+1 (415) 555-0100", region: china) == "+14155550100")
        #expect(PhoneNumber.e164("00852 2123 4567", region: china) == "+85221234567")
        let us = PhoneNumber.regions["US"]!
        #expect(PhoneNumber.e164("(415) 555-0100", region: us) == "+14155550100")
        #expect(PhoneNumber.e164("1 415 555 0100", region: us) == "+14155550100")
        #expect(PhoneNumber.e164("011 86 137 0000 0002", region: us) == "+8613700000002")
        #expect(PhoneNumber.e164("020 7946 0018", region: PhoneNumber.regions["GB"]!) == "+442079460018")
    }

    @Test(arguments: [
        "12", "+1 23", "+86 137 0000 0002 1234 5", "137-0000-000x", "+86+137", "+86 137/0000/0002", "+0 123 4567",
    ])
    func whatCannotBeANumberInAnyRegionIsRefused(written: String) {
        #expect(PhoneNumber.e164(written, region: china) == nil)
    }
}
