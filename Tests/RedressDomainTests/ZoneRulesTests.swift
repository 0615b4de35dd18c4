import Foundation
import Testing
@testable import RedressDomain

/// Zones read from the system's TZif files agree with Foundation's, and local times that clocks
/// skip or repeat resolve as documented.
@Suite struct ZoneRulesTests {
    static let zoneNames = ["Asia/Shanghai", "America/New_York", "Europe/Berlin", "UTC"]

    static func zone(_ name: String) throws -> ZoneRules {
        try #require(ZoneRules.system(name))
    }

    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> ZoneRules.LocalDateTime {
        ZoneRules.LocalDateTime(date: CivilDate(year: year, month: month, day: day), hour: hour, minute: minute)
    }

    static func instant(_ text: String) -> Instant { Instant(rfc3339: text)! }

    @Test(arguments: zoneNames)
    func theOffsetsAgreeWithFoundationsEverySixHoursFrom1971To2099(name: String) throws {
        let rules = try Self.zone(name)
        let foundation = try #require(TimeZone(identifier: name))
        var seconds: Int64 = 31_536_000
        var disagreements: [String] = []
        while seconds < 4_102_444_800 {
            let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let actual = rules.offset(at: Instant(seconds: seconds))
            if actual != expected, disagreements.count < 5 {
                disagreements.append("\(Instant(seconds: seconds)): \(actual) not \(expected)")
            }
            seconds += 6 * 3600 + 17
        }
        #expect(disagreements.isEmpty)
    }

    @Test func localTimesReadAsAClockInTheZoneShowsThem() throws {
        let shanghai = try Self.zone("Asia/Shanghai")
        #expect(shanghai.local(Self.instant("2026-12-31T16:30:00Z")) == Self.local(2027, 1, 1, 0, 30))
        let newYork = try Self.zone("America/New_York")
        #expect(newYork.local(Self.instant("2026-07-01T04:00:00Z")) == Self.local(2026, 7, 1, 0, 0))
        #expect(newYork.local(Self.instant("2026-01-01T04:59:59Z")).description == "2025-12-31 23:59:59")
        #expect(newYork.instant(Self.local(2026, 7, 1, 0, 0)) == Self.instant("2026-07-01T04:00:00Z"))
    }

    @Test func aSkippedLocalTimeMovesForwardByTheGap() throws {
        let newYork = try Self.zone("America/New_York")
        #expect(newYork.instant(Self.local(2026, 3, 8, 2, 30)) == Self.instant("2026-03-08T07:30:00Z"))
        #expect(newYork.local(Self.instant("2026-03-08T07:30:00Z")) == Self.local(2026, 3, 8, 3, 30))
        #expect(newYork.instant(Self.local(2026, 3, 8, 3, 0)) == Self.instant("2026-03-08T07:00:00Z"))
        let berlin = try Self.zone("Europe/Berlin")
        #expect(berlin.instant(Self.local(2026, 3, 29, 2, 0)) == Self.instant("2026-03-29T01:00:00Z"))
        #expect(berlin.local(Self.instant("2026-03-29T01:00:00Z")) == Self.local(2026, 3, 29, 3, 0))
    }

    @Test func aRepeatedLocalTimeIsTheEarlierInstant() throws {
        let newYork = try Self.zone("America/New_York")
        #expect(newYork.instant(Self.local(2026, 11, 1, 1, 30)) == Self.instant("2026-11-01T05:30:00Z"))
        #expect(newYork.local(Self.instant("2026-11-01T06:30:00Z")) == Self.local(2026, 11, 1, 1, 30))
        let berlin = try Self.zone("Europe/Berlin")
        #expect(berlin.instant(Self.local(2026, 10, 25, 2, 30)) == Self.instant("2026-10-25T00:30:00Z"))
    }

    @Test func transitionsAfterTheLastListedComeFromTheFilesYearlyRule() throws {
        let berlin = try Self.zone("Europe/Berlin")
        // Last Sunday of March at 01:00 UTC, last Sunday of October at 01:00 UTC.
        #expect(
            berlin.nextTransition(after: Self.instant("2150-01-01T00:00:00Z"))
                == ZoneRules.Transition(at: Self.instant("2150-03-29T01:00:00Z"), offset: 7200))
        let newYork = try Self.zone("America/New_York")
        #expect(
            newYork.nextTransition(after: Self.instant("2199-06-01T00:00:00Z"))?.at
                == Self.instant("2199-11-03T06:00:00Z"))
        #expect(try Self.zone("Asia/Shanghai").nextTransition(after: Self.instant("1992-01-01T00:00:00Z")) == nil)
        #expect(try Self.zone("UTC").transitions.isEmpty)
    }

    @Test func aSouthernRuleCrossesTheNewYear() throws {
        let rule = try #require(PosixZoneRule("AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(
            rule.transitions(in: 2026) == [
                ZoneRules.Transition(at: Self.instant("2026-04-04T16:00:00Z"), offset: 36_000),
                ZoneRules.Transition(at: Self.instant("2026-10-03T16:00:00Z"), offset: 39_600),
            ])
        #expect(PosixZoneRule("<+0330>-3:30")?.standardOffset == 12_600)
        #expect(PosixZoneRule("EST5EDT,M3.2.0") == nil)
        #expect(PosixZoneRule("X5") == nil)
    }

    @Test(arguments: [
        "Mars/Olympus_Mons", "../etc/passwd", "America/../Asia/Shanghai", "", "/etc/passwd",
        "America", "zone.tab", "asia shanghai",
    ])
    func aNameThatIsNoZoneLoadsNothing(name: String) {
        #expect(ZoneRules.system(name) == nil)
    }

    @Test func bytesThatAreNoTZifFileAreRefused() {
        #expect(ZoneRules(identifier: "X", tzif: Array("TZif2 but nothing else".utf8)) == nil)
        #expect(ZoneRules(identifier: "X", tzif: []) == nil)
    }
}
