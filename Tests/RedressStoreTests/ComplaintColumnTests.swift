import TestClient
import Testing
@testable import RedressStore
import RedressDomain
import SQLite

/// The complaint's columns are declared once, in `ComplaintColumn` and its `value(in:)`: the table,
/// the writes and the reads must agree with that declaration, or these fail before anything runs.
@Suite struct ComplaintColumnTests {
    private static let at = Instant(rfc3339: "2026-11-20T09:00:00Z")!

    /// A complaint with every optional part set, so that no column holds NULL by accident, and
    /// with values other than the stand-ins `ComplaintColumn.read` starts a part with.
    private static let full = Complaint(
        id: 0, number: CaseNumber(month: "202611", serial: 7), version: 3, status: .resolved, channel: .app,
        category: "delivery", priority: .high, priorityReason: "repeat of 202611-0001", title: "Kettle \"X\"",
        description: "水壶漏水",
        complainant: Complainant(
            name: "王芳", phone: "+86 138 0013 8000",
            email: "Wang@Example.com", customerRef: "C-1"),
        subject: Subject(type: .product, ref: "K-1", name: "Kettle"), tags: ["a", "中文"], externalRef: "EXT-1",
        region: "overseas", receivedAt: at, receivedBy: "web form", responsible: "李雷", createdByKey: 1, createdAt: at,
        updatedAt: at.adding(hours: 40),
        department: "quality", assignee: "张伟", assigneeUser: 1, firstResponseDueAt: at.adding(hours: 24),
        firstRespondedAt: at.adding(hours: 2), resolutionDueAt: at.adding(hours: 168), resolvedAt: at.adding(hours: 40),
        followUpDueAt: at.adding(hours: 88), closedAt: at.adding(hours: 90),
        investigationReportDueAt: at.adding(hours: 72), investigationReportedAt: at.adding(hours: 20),
        timeLimits: TimeLimitSources(
            policy: "overseas",
            clocks: Dictionary(
                uniqueKeysWithValues: SLAClock.allCases.enumerated().map { index, clock in
                    (
                        clock,
                        TimeLimitSources.Source(
                            policy: "overseas", target: try! TimeLimitTarget(.workingDays, Double(index + 1)),
                            calendar: "cn-workdays", atRiskAt: at.adding(hours: Double(20 + index)))
                    )
                }),
            department: TimeLimitSources.Source(
                policy: "overseas", target: try! TimeLimitTarget(.workingDays, 5), calendar: "cn-workdays",
                atRiskAt: at.adding(hours: 60))),
        awaitingSince: at.adding(hours: 10), awaitingFrom: .investigating, resolutionPausedFor: 3600,
        reopenedAt: at.adding(hours: 45), departmentSince: at.adding(hours: 3),
        departmentDueAt: at.adding(hours: 80), departmentPausedFor: 1800,
        escalated: true, reopenCount: 1,
        repeatOf: Complaint.Reference(id: 1, number: CaseNumber(month: "202611", serial: 1)),
        validityNote: "Valid.",
        investigation: Complaint.Investigation(findings: "Seal", rootCause: "Wear", report: "Seal worn in transit"),
        responsibility: Complaint.Responsibility(department: "logistics", person: "Li", penaltyMinor: 2500),
        proposal: Complaint.Proposal(
            remedies: [.apology, .refundPartial], amountMinor: 1999, currency: "CNY",
            description: "Refund part", approvedBy: "sup", approvedAt: at.adding(hours: 30),
            answer: Complaint.CustomerAnswer(
                accepted: true, comment: "Fair", via: "tracking",
                at: at.adding(hours: 31))),
        resolution: Complaint.Resolution(note: "Refunded", notifiedVia: "phone"),
        satisfaction: Complaint.Satisfaction(
            satisfied: true, score: 4, comment: "ok", method: .visit,
            recordedAt: at.adding(hours: 50)),
        incident: 1, mergedInto: Complaint.Reference(id: 1, number: CaseNumber(month: "202611", serial: 1)))

    @Test func everyColumnOfTheTableIsDeclaredOnceAndExists() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration())
        defer { database.close() }
        let table = try database.read {
            try $0.query("SELECT name FROM pragma_table_info('complaints')").map { try $0.get(0) as String }
        }
        let declared = ComplaintRow.writableColumns + ["id", "tracking_digest"]
        #expect(Set(declared).count == declared.count, "a column is declared twice")
        #expect(
            Set(table) == Set(declared),
            "in the table only: \(Set(table).subtracting(declared)); declared only: \(Set(declared).subtracting(table))"
        )
    }

    @Test func theFullComplaintFillsEveryColumn() {
        for column in ComplaintColumn.allCases {
            #expect(!column.isNull(in: Self.full), "\(column) is NULL, so the round trip below does not read it")
        }
    }

    @Test func aComplaintWithNoOptionalPartReadsBackWithout() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration())
        defer { database.close() }
        let bare = Complaint(
            id: 0, number: CaseNumber(month: "202611", serial: 2), channel: .phone, priority: .normal,
            priorityReason: "default", title: "Late", description: "The cleaner came late.",
            complainant: Complainant(name: "Ann"), subject: Subject(type: .service), receivedAt: Self.at,
            receivedBy: "front desk", createdByKey: 1, createdAt: Self.at, updatedAt: Self.at,
            firstResponseDueAt: Self.at.adding(hours: 24), resolutionDueAt: Self.at.adding(hours: 168))
        let stored = try database.write { connection in
            _ = try connection.insertAPIKey(
                name: "front desk", role: .agent, lookup: "lookup", digest: [1], at: Self.at)
            return try connection.insertComplaint(bare, trackingDigest: [1])
        }
        let read = try database.read { connection in try #require(try connection.complaint(id: stored.id)) }
        #expect(read == stored)
        #expect(read.proposal == nil && read.satisfaction == nil && read.investigation == nil)
        #expect(read.repeatOf == nil && read.resolution == nil && read.timeLimits.clocks.isEmpty)
    }

    @Test func whatIsWrittenIsWhatEveryColumnReadsBack() throws {
        let directory = try TestDirectory()
        let database = try Database(configuration: directory.configuration())
        defer { database.close() }
        let first = Self.full
        let stored = try database.write { connection in
            _ = try connection.insertAPIKey(name: "web form", role: .intake, lookup: "lookup", digest: [1], at: Self.at)
            // The incident the full complaint is linked to, and the complaint it is merged into.
            let incident = try connection.insertIncident(
                Incident(
                    id: 0, title: "WM batch", description: "Seals", createdBy: "sup", createdAt: Self.at,
                    updatedAt: Self.at))
            #expect(incident.id == first.incident)
            // The staff user it is assigned to.
            let user = try #require(
                try connection.insertUser(
                    UserRecord(
                        id: 0, version: 1, email: "zhang.wei@example.com", displayName: "张伟", role: .agent,
                        department: "quality", passwordHash: "x", active: true, createdAt: Self.at, updatedAt: Self.at,
                        passwordChangedAt: Self.at, principal: 0)))
            #expect(user.id == first.assigneeUser)
            var original = first
            original.repeatOf = nil
            original.incident = nil
            original.mergedInto = nil
            original.assigneeUser = nil
            original.number = CaseNumber(month: "202611", serial: 1)
            original.externalRef = nil
            _ = try connection.insertComplaint(original, trackingDigest: [1])
            return try connection.insertComplaint(first, trackingDigest: [2])
        }
        let read = try database.read { connection in try #require(try connection.complaint(id: stored.id)) }
        #expect(read == stored)
        try database.read { connection in
            _ = try connection.withStoredComplaint(id: stored.id) { row in
                for column in ComplaintColumn.allCases {
                    switch column.value(in: stored) {
                    case .null: #expect(row.isNull(column), "\(column)")
                    case .integer(let value): #expect(row.integer(column) == value, "\(column)")
                    case .text(let text):
                        #expect(row.withUTF8(column) { String(decoding: $0, as: UTF8.self) } == text, "\(column)")
                    case let other: Issue.record("\(column) holds \(other), neither an integer nor text")
                    }
                }
            }
        }
    }
}
