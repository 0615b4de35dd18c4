import Testing
import RedressDomain

@Suite struct InstantTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-11-22T05:40:17Z", Int64(1_795_326_017)),
        ("2026-11-22T13:40:17+08:00", Int64(1_795_326_017)),
        ("2026-11-21T23:40:17-06:00", Int64(1_795_326_017)),
        ("2026-11-22T05:40:17.999Z", Int64(1_795_326_017)),
        ("2024-02-29T12:00:00Z", Int64(1_709_208_000)),
        ("1969-12-31T23:59:59Z", Int64(-1)),
        ("2000-03-01t00:00:00z", Int64(951_868_800)),
    ])
    func parsesRFC3339(text: String, seconds: Int64) {
        #expect(Instant(rfc3339: text)?.seconds == seconds)
    }

    @Test(arguments: [
        "", "2026-11-22", "2026-11-22T05:40:17", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-11-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T05:60:00Z", "2026-11-22T05:40:17+0800",
        "2026-11-22T05:40:17.Z", "2026-11-22T05:40:17Zjunk", "２０２６-11-22T05:40:17Z", "2026-11-22T05:40:17+25:00",
    ])
    func refusesAnythingElse(text: String) {
        #expect(Instant(rfc3339: text) == nil)
    }

    @Test func formatsAndParsesBackEverySampledSecond() {
        var seconds: Int64 = -2_000_000_000
        while seconds < 4_000_000_000 {
            let instant = Instant(seconds: seconds)
            #expect(Instant(rfc3339: instant.rfc3339) == instant)
            seconds += 7_654_321
        }
    }

    @Test func formatsInUTC() {
        #expect(Instant(seconds: 1_795_326_017).rfc3339 == "2026-11-22T05:40:17Z")
        #expect(Instant(seconds: 0).adding(hours: 1.5).rfc3339 == "1970-01-01T01:30:00Z")
    }

    @Test func civilDatesFollowTheTimeZoneOffset() {
        let instant = Instant(rfc3339: "2026-11-30T20:00:00Z")!
        #expect(CivilDate(instant: instant, offset: 0) == CivilDate(year: 2026, month: 11, day: 30))
        #expect(CivilDate(instant: instant, offset: 8 * 3600) == CivilDate(year: 2026, month: 12, day: 1))
    }
}

@Suite struct CaseNumberTests {
    @Test func writesAtLeastFourDigitsAndWidensPastThem() {
        #expect(CaseNumber(month: "202611", serial: 42).description == "202611-0042")
        #expect(CaseNumber(month: "202611", serial: 9999).description == "202611-9999")
        #expect(CaseNumber(month: "202611", serial: 10_000).description == "202611-10000")
    }

    @Test(arguments: ["202611-0042", "202612-10000", "199901-0001"])
    func readsCanonicalNumbers(text: String) {
        #expect(CaseNumber(text)?.description == text)
    }

    @Test(arguments: [
        "202611-42", "202611-00042", "20261-0042", "202611-0000", "202611_0042", "abcdef-0042", "42", "202611-00４2",
        "202611-010000", "202611-0042 ", "-202611-0042", "202611-99999999999999999999",
    ])
    func refusesOtherSpellings(text: String) {
        #expect(CaseNumber(text) == nil)
    }

    @Test func theMonthIsTakenInTheConfiguredTimeZone() {
        let lateOnTheLastDay = Instant(rfc3339: "2026-11-30T18:30:00Z")!
        #expect(CaseNumber.month(of: lateOnTheLastDay, offset: 0) == "202611")
        #expect(CaseNumber.month(of: lateOnTheLastDay, offset: 8 * 3600) == "202612")
        #expect(CaseNumber.month(of: Instant(rfc3339: "2027-01-01T02:00:00Z")!, offset: -5 * 3600) == "202612")
    }
}
