import Foundation
import Testing
import JSON
import RedressDomain
import RedressStore
import SQLite
@testable import RedressAPI

/// A read writes its JSON from the stored row in place; a change writes it from the `Complaint` in
/// memory. Both go through `ComplaintJSON`, and must give the same text.
@Suite struct ComplaintJSONTests {
    @Test func theStoredRowAndTheComplaintWriteTheSameJSON() throws {
        let service = try TestService()
        let plain = try service.register()
        let full = try Self.storeFull(repeating: plain, in: service)
        for id in [plain, full] {
            for role in Role.allCases {
                for hours in [0.0, 30, 400] {
                    let now = Instant(seconds: service.clock.now.seconds + Int64(hours * 3600))
                    let (fromRow, fromComplaint) = try service.database.read { connection in
                        let fromRow = try #require(
                            try connection.withStoredComplaint(id: id) { stored in
                                Self.json(stored, role: role, now: now)
                            })
                        let fromComplaint = Self.json(
                            try #require(try connection.complaint(id: id)), role: role, now: now)
                        return (fromRow, fromComplaint)
                    }
                    #expect(fromRow == fromComplaint, "complaint \(id), \(role), \(hours) h")
                    #expect(try JSONSerialization.jsonObject(with: Data(fromRow.utf8)) is [String: Any])
                }
            }
        }
        let written = try service.complaint(full)
        #expect(written["title"]?.string == "Quote \" backslash \\ tab \t bell \u{7} 洗衣机")
        #expect(written["tags"]?.strings == ["a \"b\"", "中文"])
        #expect(written["repeat_of"]?["id"]?.int == plain)
        #expect(written["proposal"]?["remedies"]?.strings == ["apology", "refund_partial", "redo_service"])
        #expect(written["responsibility"]?["penalty_minor"]?.int == 2500)
        #expect(written["satisfaction"]?["method"]?.string == "self_service")
    }

    @Test func aFlagIsReadTheSameWayFromTheRowAsByDecoding() throws {
        let service = try TestService()
        let id = try Self.storeFull(repeating: try service.register(), in: service)
        // Any integer but 0 is true, as SQLite has no boolean of its own.
        try service.database.write { try $0.run("UPDATE complaints SET has_investigation = 2 WHERE id = ?", id) }
        let now = service.clock.now
        let (fromRow, fromComplaint) = try service.database.read { connection in
            (
                try #require(try connection.withStoredComplaint(id: id) { Self.json($0, role: .admin, now: now) }),
                Self.json(try #require(try connection.complaint(id: id)), role: .admin, now: now)
            )
        }
        #expect(fromRow == fromComplaint)
        #expect(fromRow.contains(#""investigation":{"findings""#))
    }

    @Test func storedRemediesSplitOnCommasAndSkipEmptyNames() {
        func names(_ stored: String) -> [String] {
            var stored = stored
            var names: [String] = []
            stored.withUTF8 { StoredRemedies.forEachName(in: $0) { names.append(String(decoding: $0, as: UTF8.self)) } }
            return names
        }
        #expect(names("") == [])
        #expect(names("apology") == ["apology"])
        #expect(names("apology,repair") == ["apology", "repair"])
        #expect(names(",apology,,repair,") == ["apology", "repair"])
    }

    private static func json(_ complaint: some ComplaintFields, role: Role, now: Instant) -> String {
        var json = JSONWriter(capacity: 16)
        ComplaintJSON.write(complaint, role: role, atRiskRatio: 0.8, now: now, into: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// A complaint with every optional part, stored beside `plain`, whose repeat it is.
    private static func storeFull(repeating plain: Int64, in service: TestService) throws -> Int64 {
        var complaint = try #require(try service.database.read { try $0.complaint(id: plain) })
        let at = { (hours: Int64) in Instant(seconds: complaint.receivedAt.seconds + hours * 3600) }
        complaint.number = CaseNumber(month: "202611", serial: 9000)
        complaint.status = .resolved
        complaint.title = "Quote \" backslash \\ tab \t bell \u{7} 洗衣机"
        complaint.category = "delivery"
        complaint.complainant = Complainant(
            name: "王芳", phone: "+86 138 0013 8000", email: "wang@example.com",
            customerRef: "C-1")
        complaint.subject = Subject(type: .order, ref: "ORD-1", name: "Order \"one\"")
        complaint.tags = ["a \"b\"", "中文"]
        complaint.externalRef = "EXT-9"
        complaint.department = "quality"
        complaint.assignee = "agent-tom"
        complaint.firstRespondedAt = at(2)
        complaint.resolvedAt = at(40)
        complaint.followUpDueAt = at(88)
        complaint.escalated = true
        complaint.reopenCount = 1
        complaint.repeatOf = Complaint.Reference(id: plain, number: complaint.number)
        complaint.repeatOf?.number = try #require(try service.database.read { try $0.complaint(id: plain) }).number
        complaint.validityNote = "Valid: the order exists."
        complaint.investigation = Complaint.Investigation(findings: "Line\nbreak", rootCause: nil)
        complaint.responsibility = Complaint.Responsibility(department: "logistics", person: "Li", penaltyMinor: 2500)
        complaint.proposal = Complaint.Proposal(
            remedies: [.apology, .refundPartial, .redoService], amountMinor: 1999,
            currency: "CNY", description: "Refund part", approvedBy: "sup",
            approvedAt: at(30))
        complaint.resolution = Complaint.Resolution(note: "Refunded", notifiedVia: "phone")
        complaint.satisfaction = Complaint.Satisfaction(
            satisfied: false, score: 2, comment: nil, method: .selfService,
            recordedAt: at(50))
        let full = complaint
        let stored = try service.database.write { try $0.insertComplaint(full, trackingDigest: [1]) }
        // The round trip through the row loses nothing.
        #expect(try service.database.read { try $0.complaint(id: stored.id) } == stored)
        return stored.id
    }
}
