import JSON
import SQLite
import Testing
import TestClient
@testable import RedressAPI

/// Same person, same key: a phone number is stored and compared in E.164 with the default region,
/// and a subject reference without regard to case, so a repeat is a repeat however it is written.
@Suite struct SamePersonTests {
    private func register(_ service: TestService, phone: String, ref: String) throws -> JSONValue {
        let response = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(phone: phone, subjectRef: ref))
        #expect(response.status == 201, "\(response.text)")
        return try response.json()
    }

    @Test func aChineseMobileNumberWrittenFourWaysIsOnePersonAndTheirRepeatsAreFound() throws {
        let service = try TestService()
        let first = try register(service, phone: "13700000002", ref: "a-phone-x1")
        #expect(first["complainant"]?["phone"]?.string == "+8613700000002")
        for (phone, ref) in [
            ("137 0000 0002", "A-PHONE-X1"), ("+86 137 0000 0002", "A-Phone-X1"), ("0086 13700000002", "a-phone-x1"),
        ] {
            let again = try register(service, phone: phone, ref: ref)
            #expect(again["complainant"]?["phone"]?.string == "+8613700000002")
            #expect(again["repeat_of"]?["number"]?.string != nil, "\(phone) \(ref)")
            #expect(again["priority"]?.string == "high")
        }
        for written in ["137%200000%200002", "%2B86%20137%200000%200002", "0086-137-0000-0002"] {
            let found = try service.request("GET", "/v1/complaints?complainant=\(written)", key: service.adminKey)
            #expect(try found.json()["data"]?.array?.count == 4, "\(written)")
        }
    }

    @Test func theSubjectFilterFindsOneProductWhateverTheCaseItWasWrittenIn() throws {
        let service = try TestService()
        for (phone, ref) in [
            ("13700000002", "a-phone-x1"), ("13700000003", "A-PHONE-X1"), ("13700000004", "A-PHONE-X2"),
        ] {
            _ = try register(service, phone: phone, ref: ref)
        }
        for written in ["a-phone-x1", "A-Phone-X1"] {
            let found = try service.request("GET", "/v1/complaints?subject_ref=\(written)", key: service.adminKey)
                .json()
            #expect(
                found["data"]?.array?.compactMap { $0["subject"]?["ref"]?.string }.sorted() == [
                    "A-PHONE-X1", "a-phone-x1",
                ])
        }
        #expect(
            try service.request("GET", "/v1/complaints?subject_ref=x1", key: service.adminKey).json()["data"]?.array?
                .count == 0)
        for bad in ["", "%20", "a%01b", String(repeating: "r", count: 256)] {
            let refused = try service.request("GET", "/v1/complaints?subject_ref=\(bad)", key: service.adminKey)
            #expect(refused.status == 400, "\(bad)")
            #expect(try refused.json()["errors"]?[0]?["field"]?.string == "subject_ref")
        }
        // The filter reads the index, not every complaint.
        let plan = try service.database.read { connection in
            try connection.query(
                "EXPLAIN QUERY PLAN SELECT id FROM complaints c WHERE c.subject_ref = ? COLLATE NOCASE "
                    + "ORDER BY c.received_at DESC", "A-PHONE-X1"
            ).map { try $0.get(3) as String }
        }
        #expect(plan.contains { $0.contains("complaints_subject_ref") }, "\(plan)")
    }

    @Test func aNumberNoRegionCouldHaveIsRefusedAndNothingIsRegistered() throws {
        let service = try TestService()
        let refused = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(phone: "+86 137 0000 0002 1234 5"))
        #expect(refused.status == 422)
        #expect(try refused.json()["errors"]?[0]?["field"]?.string == "complainant.phone")
        #expect(try service.database.read { try $0.first("SELECT count(*) FROM complaints")!.get(0) as Int } == 0)
    }

    @Test func theDefaultRegionIsASettingAndAnEditedNumberIsNormalisedToo() throws {
        let service = try TestService()
        let badRegion = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey, json: #"{"default_phone_region":"XX"}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        #expect(badRegion.status == 422)
        #expect(try badRegion.json()["errors"]?[0]?["field"]?.string == "default_phone_region")
        #expect(
            try service.request(
                "PATCH", "/v1/settings", key: service.adminKey, json: #"{"default_phone_region":"US"}"#,
                headers: [("Content-Type", "application/merge-patch+json")]
            ).status == 200)
        let american = try register(service, phone: "(415) 555-0100", ref: "K-1")
        #expect(american["complainant"]?["phone"]?.string == "+14155550100")
        let id = try #require(american["id"]?.int)
        let edited = try service.request(
            "PATCH", "/v1/complaints/\(id)", key: service.adminKey,
            json: #"{"complainant":{"phone":"1 415 555 0199"}}"#)
        #expect(edited.status == 200)
        #expect(try edited.json()["complainant"]?["phone"]?.string == "+14155550199")
    }

    @Test func keysStoredBeforeNormalisingAreBroughtToE164InTheBackground() throws {
        let service = try TestService()
        let legacy = try register(service, phone: "137 0000 0002", ref: "WM-1")
        let legacyID = try #require(legacy["id"]?.int)
        // As a complaint registered before phone numbers were normalised was stored.
        try service.database.write { connection in
            try connection.run(
                "UPDATE complaints SET complainant_phone = '137 0000 0002', phone_key = '13700000002' WHERE id = ?",
                legacyID)
            try connection.run("DELETE FROM settings WHERE key = 'backfill.phone_key'")
        }
        // Until its key is brought to E.164, the same person's new complaint about it is no repeat.
        let before = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(phone: "+86 137 0000 0002", subjectRef: "WM-1"))
        #expect(try before.json()["repeat_of"] == .null)
        // It is about something else from here on, so that only the old complaint can be repeated.
        let beforeID = try #require(try before.json()["id"]?.int)
        try service.database.write { try $0.run("UPDATE complaints SET subject_ref = 'OTHER' WHERE id = ?", beforeID) }
        var looked = 0
        while case let count = try PhoneKeyBackfill.step(service.backend, batch: 1), count > 0 { looked += count }
        #expect(looked == 2)
        #expect(try PhoneKeyBackfill.step(service.backend, batch: 1) == 0)
        // Done for good: a complaint registered since has its key already, and is not read again.
        #expect(try service.database.read { try $0.setting("backfill.phone_key") } == "done")
        _ = try register(service, phone: "13800138000", ref: "OTHER-2")
        #expect(try PhoneKeyBackfill.step(service.backend, batch: 1) == 0)
        let stored = try service.database.read { connection in
            try connection.first("SELECT complainant_phone, phone_key FROM complaints WHERE id = ?", legacyID)!
        }
        #expect(try stored.get(0) as String == "137 0000 0002")
        #expect(try stored.get(1) as String == "+8613700000002")
        let after = try register(service, phone: "0086 13700000002", ref: "wm-1")
        #expect(after["repeat_of"]?["id"]?.int == legacyID)
    }
}
